"""Written claims (претензии): registering them, their answer deadlines and answer letters."""
