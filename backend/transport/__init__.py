"""Transport of items to the workshop: pickup slots, drop-off points, bookings, loaners."""
