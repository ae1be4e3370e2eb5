"""English msgids of the after-sales rules: written claims, paid repair, after the warranty.

Part of `backend.warranty.texts.RULE_TEXTS`, kept apart to keep each module short.
"""

from __future__ import annotations

from backend.i18n import N_

AFTER_SALES_TEXTS: dict[str, str] = {
    "ru.written_damages": N_(
        "A written claim for damages or a penalty is answered within {days} days of its receipt."
    ),
    "eu.written_answer": N_(
        "Company policy: a written claim is answered within {days} days of its receipt; the"
        " directive sets no period, the member state's law may."
    ),
    "kr.written_answer": N_(
        "Company policy: a written claim is answered within {days} days of its receipt."
    ),
    "ru.paid_repair": N_(
        "Company policy: a paid repair is quoted at {percent}% of the price, at least {minimum}."
    ),
    "eu.paid_repair": N_(
        "Company policy: a paid repair is quoted at {percent}% of the price, at least {minimum}."
    ),
    "kr.paid_repair": N_(
        "Company policy: a paid repair is quoted at {percent}% of the price, at least {minimum}."
    ),
    "kr.parts_retention": N_(
        "Parts for this product are kept for {months} months from purchase, until {until}."
    ),
    "kr.depreciation_refund": N_(
        "If the repair is impossible because a part is no longer available, the depreciated"
        " price plus {bonus_percent}% of the price is refunded: {amount} ({months_used} of"
        " {life_months} months of service life used)."
    ),
}
