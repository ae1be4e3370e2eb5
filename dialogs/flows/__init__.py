"""Every customer flow; importing this package registers them all."""

from dialogs.flows import (  # noqa: F401 - imported for registration
    claim,
    claim_summary,
    human,
    language,
    menu,
    my_claims,
    rating,
    transport,
    warranty_check,
    written_claim,
)
