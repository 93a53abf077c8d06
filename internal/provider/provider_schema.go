package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

// The provider's arguments: the models Configure reads them into, and the
// schema that documents them. Their environment variables and defaults are
// in settings.go.

type providerModel struct {
	Region        types.String `tfsdk:"region"`
	AccessKey     types.String `tfsdk:"access_key"`
	SecretKey     types.String `tfsdk:"secret_key"`
	SecurityToken types.String `tfsdk:"security_token"`
	Endpoints     types.Object `tfsdk:"endpoints"`

	Profile               types.String     `tfsdk:"profile"`
	SharedCredentialsFile types.String     `tfsdk:"shared_credentials_file"`
	CredentialsURI        types.String     `tfsdk:"credentials_uri"`
	ECSRoleName           types.String     `tfsdk:"ecs_role_name"`
	AssumeRole            types.Object     `tfsdk:"assume_role"`
	AssumeRoleWithOIDC    types.Object     `tfsdk:"assume_role_with_oidc"`
	AccountType           types.String     `tfsdk:"account_type"`
	ConfigurationSource   types.String     `tfsdk:"configuration_source"`
	ClientReadTimeout     wholeNumberValue `tfsdk:"client_read_timeout"`
	ClientConnectTimeout  wholeNumberValue `tfsdk:"client_connect_timeout"`
	MaxRetries            wholeNumberValue `tfsdk:"max_retries"`
	MaxRequestsPS         wholeNumberValue `tfsdk:"max_requests_per_second"`
}

type endpointsModel struct {
	CAS types.String `tfsdk:"cas"`
	STS types.String `tfsdk:"sts"`
}

type assumeRoleModel struct {
	RoleARN           types.String     `tfsdk:"role_arn"`
	SessionName       types.String     `tfsdk:"session_name"`
	Policy            types.String     `tfsdk:"policy"`
	SessionExpiration wholeNumberValue `tfsdk:"session_expiration"`
	ExternalID        types.String     `tfsdk:"external_id"`
}

type assumeRoleWithOIDCModel struct {
	OIDCProviderARN   types.String     `tfsdk:"oidc_provider_arn"`
	OIDCTokenFile     types.String     `tfsdk:"oidc_token_file"`
	OIDCToken         types.String     `tfsdk:"oidc_token"`
	RoleARN           types.String     `tfsdk:"role_arn"`
	RoleSessionName   types.String     `tfsdk:"role_session_name"`
	Policy            types.String     `tfsdk:"policy"`
	SessionExpiration wholeNumberValue `tfsdk:"session_expiration"`
}

// sessionNamePattern is what STS accepts as a RoleSessionName.
var sessionNamePattern = regexp.MustCompile(`^[a-zA-Z0-9.@_-]{2,64}$`)

func (p *alicasProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages Alibaba Cloud Certificate Management Service (CAS): uploads certificates, deploys them to cloud resources with deployment jobs (each created, started and deleted exactly once, whatever the network does), and reads certificates, jobs, resources and contacts.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Optional:            true,
				Validators:          []validator.String{notEmpty{example: defaultRegion}},
				MarkdownDescription: "Alibaba Cloud region, e.g. `" + defaultRegion + "` (the default)." + fallsBack("region"),
			},
			"access_key": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "AccessKey ID of a RAM user or role." + fallsBack("access_key") +
					" Prefer the environment over writing keys in configuration.",
			},
			"secret_key": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "AccessKey secret belonging to `access_key`." + fallsBack("secret_key"),
			},
			"security_token": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "STS security token, needed only when `access_key` and `secret_key` are temporary STS credentials." +
					fallsBack("security_token"),
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How many times a failed API call is tried again, 0 to %d (default %d). Only failures "+
					"that can pass are retried: throttling, 5xx answers, dropped connections and timeouts, never authentication, "+
					"permission or parameter errors. Waits grow exponentially with random jitter and respect the server's rate-limit "+
					"headers; a data source's `timeouts { read }` bounds the whole read.", maxMaxRetries, cas.DefaultMaxRetries),
				CustomType: between(0, maxMaxRetries),
			},
			"max_requests_per_second": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "A fixed rate: at most this many API requests per second, retries included, shared by every data source " +
					"and resource of the provider. Unset (the default), the provider sends freely and, once Alibaba Cloud throttles, slows " +
					"every call down together (honouring the gateway's wait hints) and speeds up again gradually. Set it when other tools " +
					"use the same account at the same time and need their share.",
				CustomType: positiveWholeNumber,
			},
		},
		Blocks: map[string]schema.Block{
			"endpoints": schema.SingleNestedBlock{
				MarkdownDescription: "Overrides where API calls go, e.g. a private endpoint, a proxy or the local emulator.",
				Attributes: map[string]schema.Attribute{
					"cas": schema.StringAttribute{
						Optional:   true,
						Validators: []validator.String{endpointValidator{}},
						MarkdownDescription: "CAS endpoint: a host (`cas.aliyuncs.com`, called over HTTPS) or a full URL " +
							"(`http://127.0.0.1:8735`; plain HTTP only when the URL says so)." + fallsBack("endpoints.cas") +
							" Default: chosen by `account_type` and `region`.",
					},
					"sts": schema.StringAttribute{
						Optional:   true,
						Validators: []validator.String{endpointValidator{httpsOnly: true}},
						MarkdownDescription: "STS endpoint for `assume_role` and `assume_role_with_oidc`: a host, or `https://HOST[:PORT]` (STS is " +
							"only called over HTTPS), e.g. a VPC endpoint such as `sts-vpc.cn-hangzhou.aliyuncs.com`." + fallsBack("endpoints.sts") +
							" Default: chosen by `account_type` and `region`. A CLI profile's own role modes use the STS host of its `sts_region`.",
					},
				},
			},
		},
	}
	addAccessSchema(&resp.Schema)
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
			CustomType: between(minSessionExpiration, maxSessionExpiration),
		}
	}
	sessionName := func(argument string) schema.StringAttribute {
		return schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Name of the role session, shown in ActionTrail to tell who acted: 2 to 64 letters, digits and `.@_-`. " +
				"Default `" + defaultSessionName + "`." + fallsBack(argument),
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
				"profile (`aliyun configure switch`)." + fallsBack("profile"),
		},
		"shared_credentials_file": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Path of the aliyun CLI's configuration file; `~` stands for the home directory. Default `" + defaultCLIConfig +
				"`." + fallsBack("shared_credentials_file"),
		},
		"credentials_uri": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "URL that answers GET with temporary credentials as JSON (`AccessKeyId`, `AccessKeySecret`, `SecurityToken`, " +
				"`Expiration`), e.g. a credentials sidecar. Fetched when first needed and again before they expire." + fallsBack("credentials_uri"),
		},
		"ecs_role_name": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Name of the RAM role attached to the ECS instance Terraform runs on; its credentials come from the instance " +
				"metadata service (100.100.100.200). Setting `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true` turns this source off." + fallsBack("ecs_role_name"),
		},
		"account_type": schema.StringAttribute{
			Optional: true,
			MarkdownDescription: "Site the account was opened on: `" + cas.AccountDomestic + "` (China site, aliyun.com; the default) or `" +
				cas.AccountInternational + "` (international site, alibabacloud.com). With `region` it picks the CAS and STS endpoints, with " +
				"no API call: International accounts outside mainland China regions use `cas.ap-southeast-1.aliyuncs.com`." + fallsBack("account_type"),
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
				cas.DefaultReadTimeout.Milliseconds()) + fallsBack("client_read_timeout"),
			CustomType: positiveWholeNumber,
		},
		"client_connect_timeout": schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: fmt.Sprintf("How long to wait for a connection (and TLS handshake) to an API endpoint, in milliseconds. Default %d. "+
				"Also bounds the STS and credentials URI calls of `assume_role`, `assume_role_with_oidc` and `credentials_uri`.",
				cas.DefaultConnectTimeout.Milliseconds()) + fallsBack("client_connect_timeout"),
			CustomType: positiveWholeNumber,
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
				MarkdownDescription: "ARN of the role to assume, e.g. `acs:ram::123456789012****:role/terraform`. Required in this block." + fallsBack("assume_role.role_arn"),
			},
			"session_name":       sessionName("assume_role.session_name"),
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
				MarkdownDescription: "ARN of the OIDC identity provider registered in RAM, e.g. `acs:ram::123456789012****:oidc-provider/ack-rrsa`. Required." + fallsBack("assume_role_with_oidc.oidc_provider_arn"),
			},
			"oidc_token_file": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "File holding the OIDC token, re-read at every renewal so a rotated token is picked up. One of this or " +
					"`oidc_token` is required." + fallsBack("assume_role_with_oidc.oidc_token_file"),
			},
			"oidc_token": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "The OIDC token itself; wins over `oidc_token_file`. Prefer the file: a token in configuration cannot be rotated." + fallsBack("assume_role_with_oidc.oidc_token"),
			},
			"role_arn": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "ARN of the role to assume. Required." + fallsBack("assume_role_with_oidc.role_arn"),
			},
			"role_session_name":  sessionName("assume_role_with_oidc.role_session_name"),
			"policy":             policy,
			"session_expiration": sessionExpiration("the role session"),
		},
	}
}

// notEmpty refuses "" for an argument whose absence means a default.
type notEmpty struct{ example string }

func (v notEmpty) Description(context.Context) string {
	return "value must not be empty: give one such as " + v.example + ", or leave the argument out"
}

func (v notEmpty) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v notEmpty) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || strings.TrimSpace(req.ConfigValue.ValueString()) != "" {
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Empty "+req.Path.String(),
		fmt.Sprintf("%s is empty. Give one such as %s, or leave the argument out for the default.", req.Path, v.example))
}

// endpointValidator checks endpoints.cas and endpoints.sts at validate time,
// when they are known then; Configure checks values from the environment.
// "" is refused: it would silently mean the public endpoint.
type endpointValidator struct{ httpsOnly bool }

func (v endpointValidator) Description(context.Context) string {
	return "value must be a host or an http(s) URL without path"
}

func (v endpointValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v endpointValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if strings.TrimSpace(req.ConfigValue.ValueString()) == "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Empty "+req.Path.String(),
			fmt.Sprintf("%s is empty. %s Or leave the argument out for the default.", req.Path, endpointAdvice[v.httpsOnly]))
		return
	}
	if _, err := parseEndpoint(req.ConfigValue.ValueString(), v.httpsOnly); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid "+req.Path.String(),
			fmt.Sprintf("%s: %v. %s", req.Path, err, endpointAdvice[v.httpsOnly]))
	}
}
