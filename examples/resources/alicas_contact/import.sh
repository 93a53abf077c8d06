# A contact is imported by its contact ID. Its email and mobile cannot be
# read back (CAS masks them): the next apply writes the configured ones.
terraform import alicas_contact.ops 1352570
