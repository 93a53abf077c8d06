#!/bin/sh
# The Terraform CLI (or OpenTofu) the project uses: TF_ACC_TERRAFORM_PATH, else PATH.
exec "${TF_ACC_TERRAFORM_PATH:-terraform}" "$@"
