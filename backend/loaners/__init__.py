"""The loaner pool: units lent to customers during a repair or while a replacement is awaited."""
