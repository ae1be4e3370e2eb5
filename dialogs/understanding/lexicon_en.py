"""English words for each notion; `word*` matches any ending, several words match a phrase."""

from __future__ import annotations

EN: dict[str, tuple[str, ...]] = {
    "register": (
        "register*", "report*", "file a claim", "file claim", "new claim", "make a claim",
        "open a claim", "claim for", "complain*", "complaint*", "defect*", "defective", "faulty",
        "repair*", "fix*", "rma", "return it", "send it back", "refund", "replace*", "exchange",
    ),
    "broken": (
        "broke*", "broken", "not working", "doesnt work", "does not work", "dont work", "wont work",
        "isnt working", "stopped working", "problem*", "issue*", "wrong with", "damaged", "dead",
        "died", "malfunction*", "fault*", "busted", "crap", "junk", "again",
    ),
    "warranty": (
        "warrant*", "guarant*", "covered", "coverage", "still under", "under warranty",
        "how long", "expire*", "valid", "entitled",
    ),
    "status": (
        "status", "my claims", "my claim", "my request*", "my ticket*", "my case", "my repair",
        "where is my", "whats happening", "what is happening", "any news", "any update*",
        "update on", "progress", "how is my", "track*", "news on", "claims",
    ),
    "transport": (
        "pick up", "pickup", "pick it up", "courier", "collect it", "collection", "transport*",
        "delivery", "deliver*", "drop off", "dropoff", "drop it off", "bring it", "take it to",
        "service cent*", "workshop", "booking", "book a", "reschedule", "change the time",
        "change my slot", "slot", "loaner", "van",
    ),
    "human": (
        "human", "person", "operator", "agent", "manager", "real person", "live person",
        "someone", "somebody", "talk to", "speak to", "speak with", "talk with", "support team",
        "call me", "staff", "employee", "representative", "supervisor",
    ),
    "language": ("language", "english", "russian", "korean", "lang", "switch to english"),
    "back": ("back", "go back", "previous", "undo", "step back", "return"),
    "cancel": (
        "cancel*", "stop", "quit", "exit", "abort", "forget it", "nevermind", "never mind",
        "start over", "main menu", "menu", "leave it",
    ),
    "help": (
        "help", "what can you do", "what do you do", "how does this work", "commands", "options",
        "instructions", "confused", "dont understand",
    ),
    "greeting": (
        "hi", "hello", "hey", "hiya", "yo", "good morning", "good evening", "good afternoon",
        "greetings", "sup",
    ),
    "yes": (
        "yes", "yeah", "yep", "yup", "sure", "ok", "okay", "right", "correct", "exactly", "y",
        "of course", "absolutely", "confirm*", "agreed",
    ),
    "no": ("no", "nope", "nah", "not really", "n", "negative", "wrong"),
    "receipt": ("receipt*", "check", "invoice", "proof of purchase", "warranty card", "bill"),
    "lack": (
        "dont have", "do not have", "havent got", "lost", "threw away", "thrown away", "without",
        "no", "missing", "cant find", "never got", "didnt get",
    ),
    "no_power": (
        "doesnt turn on", "does not turn on", "wont turn on", "not turning on", "dont turn on",
        "wont start", "doesnt start", "does not start", "wont switch on", "doesnt switch on",
        "no power", "dead", "no lights", "not powering", "wont power", "doesnt power", "wont boot",
        "no signs of life", "not turn on", "turn on", "boot*", "power*",
    ),
    "stops": (
        "turns off", "switches off", "shuts down", "shuts off", "stops", "stopped", "cuts out",
        "restart*", "reboot*", "freez*", "hangs", "stuck", "halfway", "mid cycle", "randomly off",
        "goes off", "turning off", "switching off", "crash*",
    ),
    "noise": (
        "nois*", "loud", "vibrat*", "rattl*", "buzz*", "squeak*", "grind*", "bang*", "hum*",
        "clunk*", "shak*", "knock*", "whin*", "sound*", "screech*", "click*",
    ),
    "leak": (
        "leak*", "water on the floor", "puddle*", "drip*", "wet", "flood*", "water everywhere",
        "water comes out", "water under", "seep*", "spill*",
    ),
    "display": (
        "screen", "display", "picture", "image", "pixel*", "flicker*", "lines on", "black screen",
        "no picture", "backlight", "touchscreen", "touch screen", "monitor", "blurry",
    ),
    "battery": (
        "batter*", "charg*", "charger", "drain*", "holds no charge", "power bank", "cable",
        "dies fast", "percent", "swollen",
    ),
    "damage": (
        "crack*", "dent*", "scratch*", "broken glass", "shatter*", "smash*", "dropped", "bent",
        "chipped", "arrived damaged", "physical*", "torn", "snapped", "fell",
    ),
}
