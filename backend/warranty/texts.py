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
from backend.warranty.texts_after_sales import AFTER_SALES_TEXTS

AFTER_WARRANTY_SUFFIX = ".after_warranty"

RULE_TEXTS: dict[str, str] = {
    # --- Russia: start, end, status
    "ru.start_handover": N_("The warranty runs from the handover of the item, {start}."),
    "ru.start_manufacture": N_(
        "The handover date is unknown: the warranty runs from the manufacture date, {start}."
    ),
    "ru.start_unproven": N_(
        "Neither the handover nor the manufacture date is known: the warranty of {months}"
        " months runs from the handover, which has to be proven (a receipt, a bank statement,"
        " witnesses or other evidence)."
    ),
    "ru.status_unproven": N_(
        "Whether the warranty still runs depends on the handover date: the claim is accepted"
        " and checked against the proof of purchase."
    ),
    "ru.no_receipt": N_(
        "A missing receipt is no bar to the claim: the purchase may be proven by other"
        " evidence, such as a bank statement or witnesses."
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
    "ru.after_warranty_substantial": N_(
        "The warranty ended on {end}. Until {until} (the service life, or {limit_months}"
        " months from handover when none is set) a substantial defect is removed free of"
        " charge if the consumer proves it arose before handover; if it is not removed"
        " within {days} days, the consumer may choose another remedy."
    ),
    "ru.expired": N_(
        "The warranty ended on {end} and the service life on {until}: the law gives no"
        " free remedy now."
    ),
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
    "ru.repair_history": N_(
        "Earlier warranty repairs of this item: {count}, {days} days out of use in all;"
        " {year_days} of them in the current warranty year ({year_start} – {year_end})."
    ),
    "ru.repair_deadline_missed": N_(
        "A repair deadline was missed ({due_on}): refund or replacement may be demanded instead."
    ),
    # --- Russia: deadlines
    "ru.repair": N_(
        "Repair without delay, in the shortest time objectively needed; a term agreed in"
        " writing may not exceed {days} days: by {due_on} at the latest."
    ),
    "ru.repair_substantial": N_(
        "Removal of the substantial defect within {days} days of the claim, by {due_on};"
        " otherwise replacement, a price reduction or a refund may be demanded."
    ),
    "ru.replace": N_("Replacement within {days} days of the claim, by {due_on}."),
    "ru.replace_check": N_(
        "Replacement when a quality check is needed: within {days} days of the claim, by {due_on}."
    ),
    "ru.replace_out_of_stock": N_(
        "Replacement when no item is in stock: within {months} month(s) of the claim, by {due_on}."
    ),
    "ru.refund": N_("Refund within {days} days of the claim, by {due_on}."),
    "ru.price_reduction": N_("Price reduction within {days} days of the claim, by {due_on}."),
    "ru.penalty": N_(
        "For each day a deadline is missed the seller owes a penalty of {percent}% of the"
        " price: {per_day} a day."
    ),
    # --- Russia: deadlines for a claim after the warranty (art. 19 p.5)
    "ru.repair.after_warranty": N_(
        "After the warranty, until {until}, if the consumer proves the defect existed before"
        " handover: repair without delay, by {due_on} at the latest ({days} days)."
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
    "ru.loaner_replacement": N_(
        "On request, a unit with the same basic properties is lent free of charge while a"
        " replacement is awaited, within {days} days, by {due_by}."
    ),
    "ru.loaner_excluded": N_(
        "This kind of goods is on the government list excluded from the free loaner unit."
    ),
    "ru.loaner_no_repair": N_("No repair under the law is open, so no loaner unit is due."),
    # --- European Union: start, end, status
    "eu.start_handover": N_("The seller's liability runs from delivery, {start}."),
    "eu.start_manufacture": N_(
        "Company policy: the delivery date is unknown, so the liability period is counted"
        " from the manufacture date, {start}."
    ),
    "eu.start_unproven": N_(
        "Neither the delivery nor the manufacture date is known: the seller's liability runs"
        " from the delivery, which has to be proven."
    ),
    "eu.status_unproven": N_(
        "Whether the seller is still liable depends on the delivery date: the claim is"
        " accepted and checked against the proof of purchase."
    ),
    "eu.no_receipt": N_(
        "Company policy: a claim without a receipt is accepted; the purchase may be proven"
        " by other evidence, such as a bank statement."
    ),
    "eu.minimum_liability": N_(
        "The seller is liable for at least {months} months from delivery, even when the"
        " manufacturer's warranty is shorter ({warranty_months} months)."
    ),
    "eu.repair_extension": N_(
        "The liability period was extended once by {months} months because the consumer"
        " chose repair."
    ),
    "eu.repair_extension_notice": N_(
        "If you choose repair, the seller's liability is extended once by {months} months,"
        " until {end}."
    ),
    "eu.under_liability": N_(
        "The seller is liable until {end}. A defect that appears within {proof_months} months"
        " of delivery, until {proof_until}, is presumed to have existed at delivery."
    ),
    "eu.commercial_guarantee": N_(
        "The manufacturer's commercial guarantee of {months} months runs until {end}. It binds"
        " on its own terms, beside the seller's legal liability."
    ),
    "eu.under_guarantee": N_(
        "The seller's legal liability ended on {liability_end}; the manufacturer's commercial"
        " guarantee runs until {end} and gives a free repair on its terms."
    ),
    "eu.guarantee_repair": N_(
        "Company policy: repair under the guarantee within {days} days of the claim, by {due_on}."
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
        "The law asks for a reasonable period; the company's own target is {days} days"
        " from the claim, by {due_on}."
    ),
    "eu.price_reduction_period": N_(
        "Company policy: price reduction within {days} days of the claim, by {due_on}."
    ),
    "eu.refund_period": N_("Company policy: refund within {days} days of the claim, by {due_on}."),
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
        "Neither the purchase nor the manufacture or import date is known: the warranty of"
        " {months} months runs from the purchase date, which has to be proven."
    ),
    "kr.status_unproven": N_(
        "Whether the warranty still runs depends on the purchase date: the claim is accepted"
        " and checked against the proof of purchase."
    ),
    "kr.no_receipt": N_(
        "Company policy: a claim without a receipt is accepted; the purchase may be proven"
        " by other evidence, such as a card statement."
    ),
    "kr.no_period_stated": N_(
        "No warranty period is stated for this item: the standards give {months} months,"
        " until {end}."
    ),
    "kr.under_warranty": N_("The item is under warranty until {end}."),
    "kr.expired": N_("The warranty ended on {end}."),
    # --- South Korea: which remedies
    "kr.early_refund": N_("A defect within {days} days of purchase: exchange or refund."),
    "kr.exchange_first": N_(
        "Exchange comes first; a refund is made when an exchange is impossible."
    ),
    "kr.early_exchange": N_(
        "A defect within {months} month(s) of purchase: exchange or free repair."
    ),
    "kr.free_repair": N_("A defect within the warranty period: free repair."),
    "kr.recurring_defect": N_(
        "The same defect after {same_defect_repairs} repairs, or a new defect after"
        " {total_repairs} repairs, counts as irreparable: exchange or refund."
    ),
    "kr.repair_history": N_(
        "Earlier repairs of this item: {total}, of them {same} for this same defect; this is"
        " occurrence {occurrence} of the defect."
    ),
    "kr.repair_overdue": N_(
        "The item was not returned within {months} month(s) of the repair request of"
        " {requested_on}: exchange or refund."
    ),
    # --- South Korea: deadlines (company service levels)
    "kr.repair_service_level": N_(
        "Company policy: repair within {days} days of the claim, by {due_on}."
    ),
    "kr.exchange_service_level": N_(
        "Company policy: exchange within {days} days of the claim, by {due_on}."
    ),
    "kr.refund_service_level": N_(
        "Company policy: refund within {days} days of the claim, by {due_on}."
    ),
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
    **AFTER_SALES_TEXTS,
}
