package provider

import (
	"github.com/aliyun/credentials-go/credentials"
	"github.com/aliyun/credentials-go/credentials/providers"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// resolveCredential picks the credential from the provider arguments, then
// their environment variables. Nothing is fetched here.
func resolveCredential(cfg providerModel) (credentials.Credential, diag.Diagnostics) {
	var diags diag.Diagnostics
	accessKey := firstSet(cfg.AccessKey.ValueString(), envAccessKey...)
	secretKey := firstSet(cfg.SecretKey.ValueString(), envSecretKey...)
	token := firstSet(cfg.SecurityToken.ValueString(), envSecurityToken...)

	switch {
	case accessKey == "" && secretKey == "":
		diags.AddError("No Alibaba Cloud credentials",
			"The alicas provider needs an AccessKey pair. Set access_key and secret_key in the provider block, "+
				"or the environment variables ALICLOUD_ACCESS_KEY (or ALIBABA_CLOUD_ACCESS_KEY_ID) and "+
				"ALICLOUD_SECRET_KEY (or ALIBABA_CLOUD_ACCESS_KEY_SECRET); add security_token "+
				"(ALICLOUD_SECURITY_TOKEN) for STS credentials.")
		return nil, diags
	case accessKey == "":
		diags.AddAttributeError(path.Root("access_key"), "Missing access_key",
			"secret_key is set but access_key is not. Set access_key in the provider block or ALICLOUD_ACCESS_KEY (or ALIBABA_CLOUD_ACCESS_KEY_ID).")
		return nil, diags
	case secretKey == "":
		diags.AddAttributeError(path.Root("secret_key"), "Missing secret_key",
			"access_key is set but secret_key is not. Set secret_key in the provider block or ALICLOUD_SECRET_KEY (or ALIBABA_CLOUD_ACCESS_KEY_SECRET).")
		return nil, diags
	}

	if token != "" {
		p, err := providers.NewStaticSTSCredentialsProviderBuilder().
			WithAccessKeyId(accessKey).WithAccessKeySecret(secretKey).WithSecurityToken(token).Build()
		if err != nil {
			diags.AddError("Invalid STS credentials", err.Error())
			return nil, diags
		}
		return credentials.FromCredentialsProvider("static_sts", p), diags
	}
	p, err := providers.NewStaticAKCredentialsProviderBuilder().
		WithAccessKeyId(accessKey).WithAccessKeySecret(secretKey).Build()
	if err != nil {
		diags.AddError("Invalid AccessKey credentials", err.Error())
		return nil, diags
	}
	return credentials.FromCredentialsProvider("static_ak", p), diags
}
