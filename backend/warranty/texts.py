"""English msgids of every warranty rule, keyed by rule id.

The rule data files (`rules/*.toml`) hold the numbers and articles; the words
live here as literals wrapped in `N_` so that Babel extracts them. Placeholders
are filled from `Rule.params` after translation (see `Rule.render`).

A rule id ending in `AFTER_WARRANTY_SUFFIX` is the variant of a deadline rule
used for a claim after the warranty expired (Law 2300-1 art. 19 p.5); it has no
entry of its own in the data files.
"""

from __future__ import annotations

from backend.i18n import N_

AFTER_WARRANTY_SUFFIX = ".after_warranty"

RULE_TEXTS: dict[str, str] = {
    # --- Russia: start, end, status
    "ru.start_handover": N_("The warranty runs from the handover of the item, {start}."),
    "ru.start_manufacture": N_(
        "The handover date is unknown: the warranty runs from the manufacture date, {start}."
    ),
    "ru.start_unproven": N_(
        "Neither the handover nor the manufacture date is known: the warranty is counted"
        " provisionally from the claim date, {start}, until a receipt proves the handover."
    ),
    "ru.no_warranty_set": N_(
        "No warranty period is set: defects may be claimed within {limit_months} months"
        " of handover, until {end}."
    ),
    "ru.repair_days_extension": N_(
        "The warranty is extended by the {days} days the item was out of use for repair,"
        " until {end}."
    ),
    "ru.under_warranty": N_("The item is under warranty until {end}."),
    "ru.post_warranty_claim": N_(
        "The warranty ended on {end}. Until {until} ({limit_months} months from handover)"
        " a defect may still be claimed if the consumer proves it existed before handover."
    ),
    "ru.expired": N_("The warranty ended on {end}; the law gives no claim for this defect now."),
    # --- Russia: which remedies
    "ru.any_defect": N_(
        "For a defect the consumer may choose repair, replacement, a price reduction or a refund."
    ),
    "ru.complex_early": N_(
        "Technically complex goods: refund or replacement for any defect within {days} days"
        " of handover."
    ),
    "ru.complex_late": N_(
        "Technically complex goods, more than {days} days after handover: repair or a price"
        " reduction; refund or replacement only for a substantial defect, a broken repair"
        " deadline or more than {unusable_days} days out of use in a warranty year."
    ),
    # --- Russia: deadlines
    "ru.repair": N_("Repair within {days} days of the claim, by {due_on}."),
    "ru.replace": N_("Replacement within {days} days of the claim, by {due_on}."),
    "ru.replace_check": N_(
        "Replacement when a quality check is needed: within {days} days of the claim, by {due_on}."
    ),
    "ru.replace_out_of_stock": N_(
        "Replacement when no item is in stock: within {months} month(s) of the claim, by {due_on}."
    ),
    "ru.refund": N_("Refund within {days} days of the claim, by {due_on}."),
    "ru.price_reduction": N_("Price reduction within {days} days of the claim, by {due_on}."),
    # --- Russia: deadlines for a claim after the warranty (art. 19 p.5)
    "ru.repair.after_warranty": N_(
        "After the warranty, until {until}, if the consumer proves the defect existed before"
        " handover: repair within {days} days of the claim, by {due_on}."
    ),
    "ru.replace.after_warranty": N_(
        "After the warranty, until {until}, if the consumer proves the defect existed before"
        " handover: replacement within {days} days of the claim, by {due_on}."
    ),
    "ru.replace_check.after_warranty": N_(
        "After the warranty, until {until}, if the consumer proves the defect existed before"
        " handover: replacement after a quality check within {days} days of the claim,"
        " by {due_on}."
    ),
    "ru.replace_out_of_stock.after_warranty": N_(
        "After the warranty, until {until}, if the consumer proves the defect existed before"
        " handover: replacement when no item is in stock within {months} month(s) of the"
        " claim, by {due_on}."
    ),
    "ru.refund.after_warranty": N_(
        "After the warranty, until {until}, if the consumer proves the defect existed before"
        " handover: refund within {days} days of the claim, by {due_on}."
    ),
    "ru.price_reduction.after_warranty": N_(
        "After the warranty, until {until}, if the consumer proves the defect existed before"
        " handover: price reduction within {days} days of the claim, by {due_on}."
    ),
    # --- Russia: transport and loaner
    "ru.transport": N_(
        "Bulky goods and goods over {kg} kg are carried to repair or replacement and back"
        " by the seller at its cost."
    ),
    "ru.transport_no_claim": N_(
        "No claim under the law is open, so carriage is not at the seller's cost."
    ),
    "ru.loaner": N_(
        "On request, a unit with the same basic properties is lent free of charge for the"
        " repair, within {days} days, by {due_by}."
    ),
    "ru.loaner_excluded": N_(
        "This kind of goods is on the government list excluded from the free loaner unit."
    ),
    "ru.loaner_no_repair": N_("No repair under the law is open, so no loaner unit is due."),
    # --- European Union: start, end, status
    "eu.start_handover": N_("The seller's liability runs from delivery, {start}."),
    "eu.start_manufacture": N_(
        "The delivery date is unknown: the liability period is counted from the manufacture"
        " date, {start}."
    ),
    "eu.start_unproven": N_(
        "Neither the delivery nor the manufacture date is known: the liability period is"
        " counted provisionally from the claim date, {start}, until the delivery is proven."
    ),
    "eu.minimum_liability": N_(
        "The seller is liable for at least {months} months from delivery, even when the"
        " manufacturer's warranty is shorter ({warranty_months} months)."
    ),
    "eu.repair_extension": N_(
        "The liability period was extended once by {months} months because the consumer"
        " chose repair."
    ),
    "eu.under_liability": N_(
        "The seller is liable until {end}. A defect that appears within {proof_months} months"
        " of delivery, until {proof_until}, is presumed to have existed at delivery."
    ),
    "eu.expired": N_("The seller's liability ended on {end}."),
    # --- European Union: which remedies
    "eu.repair_or_replacement": N_(
        "First remedy: repair or replacement, as the consumer chooses, free of charge."
    ),
    "eu.reduction_or_termination": N_(
        "A price reduction or a refund (termination) is open because the repair failed or"
        " was late, or the defect is serious."
    ),
    # --- European Union: deadlines
    "eu.reasonable_period": N_(
        "Repair or replacement within a reasonable period: {days} days from the claim, by {due_on}."
    ),
    "eu.price_reduction_period": N_(
        "Price reduction within {days} days of the claim, by {due_on}."
    ),
    "eu.refund_period": N_("Refund within {days} days of the claim, by {due_on}."),
    # --- European Union: transport and loaner
    "eu.transport_free": N_(
        "Bringing the goods into conformity is free of charge, including carriage."
    ),
    "eu.transport_no_claim": N_(
        "The seller's liability has ended, so carriage is not at the seller's cost."
    ),
    "eu.loaner_not_required": N_(
        "The seller may lend a replacement during repair but is not required to."
    ),
    "eu.loaner_policy": N_(
        "Company policy: a replacement unit is lent during repair, within {days} days, by {due_by}."
    ),
    # --- South Korea: start, end, status
    "kr.start_handover": N_("The warranty runs from the purchase date, {start}."),
    "kr.start_manufacture": N_(
        "The purchase date is unknown: the warranty runs from {months} months after the"
        " manufacture or import date, {start}."
    ),
    "kr.start_unproven": N_(
        "Neither the purchase nor the manufacture date is known: the warranty is counted"
        " provisionally from the claim date, {start}, until the purchase is proven."
    ),
    "kr.under_warranty": N_("The item is under warranty until {end}."),
    "kr.expired": N_("The warranty ended on {end}."),
    # --- South Korea: which remedies
    "kr.early_refund": N_("A defect within {days} days of purchase: exchange or refund."),
    "kr.early_exchange": N_(
        "A defect within {months} month(s) of purchase: exchange or free repair."
    ),
    "kr.free_repair": N_("A defect within the warranty period: free repair."),
    "kr.recurring_defect": N_(
        "The same defect after {same_defect_repairs} repairs, or a new defect after"
        " {total_repairs} repairs, counts as irreparable: exchange or refund."
    ),
    "kr.repair_overdue": N_(
        "The item was not returned within {months} month(s) of the repair request of"
        " {requested_on}: exchange or refund."
    ),
    # --- South Korea: deadlines (company service levels)
    "kr.repair_service_level": N_("Repair within {days} days of the claim, by {due_on}."),
    "kr.exchange_service_level": N_("Exchange within {days} days of the claim, by {due_on}."),
    "kr.refund_service_level": N_("Refund within {days} days of the claim, by {due_on}."),
    # --- South Korea: transport and loaner
    "kr.transport_policy": N_(
        "Company policy: bulky items and items over {kg} kg are collected and returned at"
        " the company's cost."
    ),
    "kr.transport_no_claim": N_(
        "The warranty has ended, so carriage is not at the company's cost."
    ),
    "kr.loaner_not_required": N_(
        "The dispute resolution standards do not require a loaner unit during repair."
    ),
    "kr.loaner_policy": N_(
        "Company policy: a replacement unit is lent during repair, within {days} days, by {due_by}."
    ),
}
