# A profile of the aliyun CLI (`aliyun configure --profile prod`), in any mode
# it writes: AK, StsToken, RamRoleArn, ChainableRamRoleArn, EcsRamRole, OIDC,
# CloudSSO. Without profile, the file's current profile is used.
provider "alicas" {
  profile                 = "prod"
  shared_credentials_file = "~/.aliyun/config.json" # the default
}
