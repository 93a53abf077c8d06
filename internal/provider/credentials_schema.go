package provider

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

type assumeRoleModel struct {
	RoleARN           types.String `tfsdk:"role_arn"`
	SessionName       types.String `tfsdk:"session_name"`
	Policy            types.String `tfsdk:"policy"`
	SessionExpiration types.Int64  `tfsdk:"session_expiration"`
	ExternalID        types.String `tfsdk:"external_id"`
}

type assumeRoleWithOIDCModel struct {
	OIDCProviderARN   types.String `tfsdk:"oidc_provider_arn"`
	OIDCTokenFile     types.String `tfsdk:"oidc_token_file"`
	OIDCToken         types.String `tfsdk:"oidc_token"`
	RoleARN           types.String `tfsdk:"role_arn"`
	RoleSessionName   types.String `tfsdk:"role_session_name"`
	Policy            types.String `tfsdk:"policy"`
	SessionExpiration types.Int64  `tfsdk:"session_expiration"`
}

// Bounds STS puts on a role session, in seconds.
const (
	minSessionExpiration     = 900
	maxSessionExpiration     = 43200
	defaultSessionExpiration = 3600
	defaultSessionName       = "terraform"
	defaultClientTimeoutMs   = 60000
)

// sessionNamePattern is what STS accepts as a RoleSessionName.
var sessionNamePattern = regexp.MustCompile(`^[a-zA-Z0-9.@_-]{2,64}$`)

// fallsBack documents an argument's environment variables, from the same
// lists the provider reads.
func fallsBack(env []string) string {
	quoted := make([]string, len(env))
	for i, e := range env {
		quoted[i] = "`" + e + "`"
	}
	if len(quoted) == 1 {
		return " Falls back to " + quoted[0] + "."
	}
	return " Falls back to " + strings.Join(quoted[:len(quoted)-1], ", ") + ", then " + quoted[len(quoted)-1] + "."
}

// addAccessSchema adds how the provider reaches Alibaba Cloud: every
// credential source, the account's site, and the HTTP client's settings.
func addAccessSchema(s *schema.Schema) {
	sessionExpiration := func(what string) schema.Int64Attribute {
		return schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: fmt.Sprintf("How long %s's temporary credentials last, in seconds: %d to %d, and at most the role's "+
				"maximum session duration (set in the RAM console). Default %d. They are renewed before they expire, however long a run takes.",
				what, minSessionExpiration, maxSessionExpiration, defaultSessionExpiration),
			Validators: []validator.Int64{int64validator.Between(minSessionExpiration, maxSessionExpiration)},
		}
	}
	sessionName := func(env []string) schema.StringAttribute {
		return schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Name of the role session, shown in ActionTrail to tell who acted: 2 to 64 letters, digits and `.@_-`. " +
				"Default `" + defaultSessionName + "`." + fallsBack(env),
			Validators: []validator.String{stringvalidator.RegexMatches(sessionNamePattern, "must be 2 to 64 letters, digits and .@_-")},
		}
	}
	policy := schema.StringAttribute{
		Optional: true,
		MarkdownDescription: "A RAM policy document (JSON) that further limits what the temporary credentials may do; they get the " +
			"intersection of the role's permissions and this policy. Omit it to get the role's permissions.",
	}

	for name, a := range map[string]schema.Attribute{
		"profile": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Name of a profile in the aliyun CLI's configuration file (see `shared_credentials_file`), in any mode the CLI " +
				"writes: `AK`, `StsToken`, `RamRoleArn`, `ChainableRamRoleArn`, `EcsRamRole`, `OIDC`, `CloudSSO`. Default: the file's current " +
				"profile (`aliyun configure switch`)." + fallsBack(envProfile),
		},
		"shared_credentials_file": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Path of the aliyun CLI's configuration file; `~` stands for the home directory. Default `" + defaultCLIConfig +
				"`." + fallsBack(envSharedCredentialsFile),
		},
		"credentials_uri": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "URL that answers GET with temporary credentials as JSON (`AccessKeyId`, `AccessKeySecret`, `SecurityToken`, " +
				"`Expiration`), e.g. a credentials sidecar. Fetched when first needed and again before they expire." + fallsBack(envCredentialsURI),
		},
		"ecs_role_name": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Name of the RAM role attached to the ECS instance Terraform runs on; its credentials come from the instance " +
				"metadata service (100.100.100.200). Setting `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true` turns this source off." + fallsBack(envECSRoleName),
		},
		"account_type": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Site the account was opened on: `" + cas.AccountDomestic + "` (China site, aliyun.com; the default) or `" +
				cas.AccountInternational + "` (international site, alibabacloud.com). With `region` it picks the CAS and STS endpoints, with " +
				"no API call: International accounts outside mainland China regions use `cas.ap-southeast-1.aliyuncs.com`." + fallsBack(envAccountType),
		},
		"configuration_source": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Free text (up to 128 characters) appended to the User-Agent of every API call, to tell this configuration's " +
				"calls apart in ActionTrail, e.g. `team-a/certs`. `TF_APPEND_USER_AGENT` is appended as well.",
			Validators: []validator.String{stringvalidator.LengthAtMost(128)},
		},
		"client_read_timeout": schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: fmt.Sprintf("How long to wait for an API answer once a request is sent, in milliseconds. Default %d. "+
				"Also bounds the STS and credentials URI calls of `assume_role`, `assume_role_with_oidc` and `credentials_uri`.",
				defaultClientTimeoutMs) + fallsBack(envClientReadTimeout),
			Validators: []validator.Int64{int64validator.AtLeast(1)},
		},
		"client_connect_timeout": schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: fmt.Sprintf("How long to wait for a connection (and TLS handshake) to an API endpoint, in milliseconds. Default %d. "+
				"Also bounds the STS and credentials URI calls of `assume_role`, `assume_role_with_oidc` and `credentials_uri`.",
				defaultClientTimeoutMs) + fallsBack(envClientConnectTimeout),
			Validators: []validator.Int64{int64validator.AtLeast(1)},
		},
	} {
		s.Attributes[name] = a
	}

	s.Blocks["assume_role"] = schema.SingleNestedBlock{
		MarkdownDescription: "Assume a RAM role with the credentials found otherwise (see Authentication), and make every call as that role. " +
			"The role's temporary credentials are fetched from STS when a data source first needs them and renewed before they expire.",
		Attributes: map[string]schema.Attribute{
			"role_arn": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "ARN of the role to assume, e.g. `acs:ram::123456789012****:role/terraform`. Required in this block." + fallsBack(envAssumeRoleARN),
			},
			"session_name":       sessionName(envAssumeRoleSessionName),
			"policy":             policy,
			"session_expiration": sessionExpiration("the role session"),
			"external_id": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "External ID the role's trust policy requires (`sts:ExternalId`), when another account lets you assume its role.",
			},
		},
	}
	s.Blocks["assume_role_with_oidc"] = schema.SingleNestedBlock{
		MarkdownDescription: "Exchange an OIDC token for a RAM role's credentials (AssumeRoleWithOIDC), as RRSA does for pods on ACK. Needs no " +
			"other credentials. Without this block the same happens when `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` is set (and no earlier source is).",
		Attributes: map[string]schema.Attribute{
			"oidc_provider_arn": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "ARN of the OIDC identity provider registered in RAM, e.g. `acs:ram::123456789012****:oidc-provider/ack-rrsa`. Required." + fallsBack(envOIDCProviderARN),
			},
			"oidc_token_file": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "File holding the OIDC token, re-read at every renewal so a rotated token is picked up. One of this or " +
					"`oidc_token` is required." + fallsBack(envOIDCTokenFile),
			},
			"oidc_token": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "The OIDC token itself; wins over `oidc_token_file`. Prefer the file: a token in configuration cannot be rotated." + fallsBack(envOIDCToken),
			},
			"role_arn": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "ARN of the role to assume. Required." + fallsBack(envOIDCRoleARN),
			},
			"role_session_name":  sessionName(envOIDCRoleSessionName),
			"policy":             policy,
			"session_expiration": sessionExpiration("the role session"),
		},
	}
}
