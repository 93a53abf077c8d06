# Import by certificate ID (data.alicas_certificates' ids, or the CAS console).
# The private key cannot be read back: write private_key_wo and
# private_key_wo_version (or private_key) in the configuration as for an
# upload. The next apply records them in state without uploading anything.
terraform import alicas_certificate.web 12345678
