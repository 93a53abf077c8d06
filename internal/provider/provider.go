// Package provider is the Terraform layer of terraform-provider-alicas:
// schemas, models and diagnostics. All HTTP lives in internal/cas.
package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/aliyun/credentials-go/credentials/providers"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

// DefaultRegion is used when neither the region argument nor its environment
// variables are set.
const DefaultRegion = "cn-hangzhou"

var _ provider.Provider = (*alicasProvider)(nil)

type alicasProvider struct {
	version string
}

// New returns the provider factory for providerserver; version is set at build time.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &alicasProvider{version: version} }
}

type providerModel struct {
	Region        types.String `tfsdk:"region"`
	AccessKey     types.String `tfsdk:"access_key"`
	SecretKey     types.String `tfsdk:"secret_key"`
	SecurityToken types.String `tfsdk:"security_token"`
	Endpoints     types.Object `tfsdk:"endpoints"`

	// Added by addAccessSchema (credentials_schema.go).
	Profile               types.String `tfsdk:"profile"`
	SharedCredentialsFile types.String `tfsdk:"shared_credentials_file"`
	CredentialsURI        types.String `tfsdk:"credentials_uri"`
	ECSRoleName           types.String `tfsdk:"ecs_role_name"`
	AssumeRole            types.Object `tfsdk:"assume_role"`
	AssumeRoleWithOIDC    types.Object `tfsdk:"assume_role_with_oidc"`
	AccountType           types.String `tfsdk:"account_type"`
	ConfigurationSource   types.String `tfsdk:"configuration_source"`
	ClientReadTimeout     types.Int64  `tfsdk:"client_read_timeout"`
	ClientConnectTimeout  types.Int64  `tfsdk:"client_connect_timeout"`
	MaxRetries            types.Int64  `tfsdk:"max_retries"`
	MaxRequestsPS         types.Int64  `tfsdk:"max_requests_per_second"`
}

type endpointsModel struct {
	CAS types.String `tfsdk:"cas"`
	STS types.String `tfsdk:"sts"`
}

func (p *alicasProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "alicas"
	resp.Version = p.version
}

func (p *alicasProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads Alibaba Cloud Certificate Management Service (CAS) deployment jobs and their certificates.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Alibaba Cloud region, e.g. `cn-hangzhou` (the default). " +
					"Falls back to `ALICLOUD_REGION`, then `ALIBABA_CLOUD_REGION`.",
			},
			"access_key": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "AccessKey ID of a RAM user or role. Falls back to `ALICLOUD_ACCESS_KEY`, " +
					"`ALIBABA_CLOUD_ACCESS_KEY_ID`, then `ALIBABACLOUD_ACCESS_KEY_ID`. Prefer the environment over writing keys in configuration.",
			},
			"secret_key": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "AccessKey secret belonging to `access_key`. Falls back to `ALICLOUD_SECRET_KEY`, " +
					"`ALIBABA_CLOUD_ACCESS_KEY_SECRET`, then `ALIBABACLOUD_ACCESS_KEY_SECRET`.",
			},
			"security_token": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "STS security token, needed only when `access_key` and `secret_key` are temporary STS credentials. " +
					"Falls back to `ALICLOUD_SECURITY_TOKEN`, `ALIBABA_CLOUD_SECURITY_TOKEN`, then `ALIBABACLOUD_SECURITY_TOKEN`.",
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: fmt.Sprintf("How many times a failed API call is tried again, 0 to %d (default %d). Only failures "+
					"that can pass are retried: throttling, 5xx answers, dropped connections and timeouts, never authentication, "+
					"permission or parameter errors. Waits grow exponentially with random jitter and respect the server's rate-limit "+
					"headers; a data source's `timeouts { read }` bounds the whole read.", maxMaxRetries, cas.DefaultMaxRetries),
				Validators: []validator.Int64{int64validator.Between(0, maxMaxRetries)},
			},
			"max_requests_per_second": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "A fixed rate: at most this many API requests per second, retries included, shared by every data source " +
					"it reads. Unset (the default), the provider sends freely and, once Alibaba Cloud throttles, slows every read down " +
					"together and speeds up again gradually. Set it when other tools use the same account at the same time and need their share.",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
		},
		Blocks: map[string]schema.Block{
			"endpoints": schema.SingleNestedBlock{
				MarkdownDescription: "Overrides where API calls go, e.g. a private endpoint, a proxy or the local emulator.",
				Attributes: map[string]schema.Attribute{
					"cas": schema.StringAttribute{
						Optional: true,
						MarkdownDescription: "CAS endpoint: a host (`cas.aliyuncs.com`, called over HTTPS) or a full URL " +
							"(`http://127.0.0.1:8735`; plain HTTP only when the URL says so). Falls back to `ALIBABA_CLOUD_ENDPOINT_CAS`, " +
							"then `CAS_ENDPOINT`; default: chosen by `account_type` and `region`.",
					},
					"sts": schema.StringAttribute{
						Optional: true,
						MarkdownDescription: "STS endpoint for `assume_role` and `assume_role_with_oidc`: a host, or `https://HOST[:PORT]` (STS is " +
							"only called over HTTPS), e.g. a VPC endpoint such as `sts-vpc.cn-hangzhou.aliyuncs.com`." + fallsBack(envSTSEndpoint) +
							" Default: chosen by `account_type` and `region`. A CLI profile's own role modes use the STS host of its `sts_region`.",
					},
				},
			},
		},
	}
	addAccessSchema(&resp.Schema)
}

// providerData is what Configure hands to data sources. Exactly one of
// client and unknown is set.
type providerData struct {
	client  *cas.Client
	unknown []string // provider arguments not known until apply
}

func (p *alicasProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var endpoints endpointsModel
	if !cfg.Endpoints.IsNull() && !cfg.Endpoints.IsUnknown() {
		resp.Diagnostics.Append(cfg.Endpoints.As(ctx, &endpoints, basetypes.ObjectAsOptions{})...)
	}
	if resp.Diagnostics.HasError() {
		return
	}

	if unknown := unknownArguments(req.Config.Raw); len(unknown) > 0 {
		if req.ClientCapabilities.DeferralAllowed {
			resp.Deferred = &provider.Deferred{Reason: provider.DeferredReasonProviderConfigUnknown}
			return
		}
		resp.DataSourceData = &providerData{unknown: unknown}
		return
	}

	region := firstSet(cfg.Region.ValueString(), envRegion...)
	if region == "" {
		region = DefaultRegion
	}
	endpoint, stsHost, diags := endpointsFor(cfg, endpoints, region)
	resp.Diagnostics.Append(diags...)
	connectTimeout, diags := clientTimeout(cfg.ClientConnectTimeout, "client_connect_timeout", envClientConnectTimeout)
	resp.Diagnostics.Append(diags...)
	readTimeout, diags := clientTimeout(cfg.ClientReadTimeout, "client_read_timeout", envClientReadTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	credential, credentialSource, diags := resolveCredential(ctx, cfg, stsHost, &providers.HttpOptions{
		ConnectTimeout: int(connectTimeout.Milliseconds()), ReadTimeout: int(readTimeout.Milliseconds()),
	})
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	client, err := cas.New(cas.Config{
		Endpoint:          endpoint,
		Credential:        credential,
		CredentialSource:  credentialSource,
		UserAgent:         userAgent(p.version, req.TerraformVersion, cfg.ConfigurationSource),
		ConnectTimeout:    connectTimeout,
		ReadTimeout:       readTimeout,
		Logger:            tflogLogger{},
		MaxRetries:        int(int64Or(cfg.MaxRetries, cas.DefaultMaxRetries)),
		RequestsPerSecond: float64(int64Or(cfg.MaxRequestsPS, cas.DefaultRequestsPerSecond)),
	})
	if err != nil {
		resp.Diagnostics.AddError("Could not set up the CAS client", err.Error())
		return
	}
	tflog.Debug(ctx, "Configured CAS client", map[string]any{"region": region, "endpoint": endpoint.String(), "sts_endpoint": stsHost, "credentials": credentialSource})
	resp.DataSourceData = &providerData{client: client}
}

// unknownArguments names the provider arguments not known until apply.
func unknownArguments(config tftypes.Value) []string {
	var names []string
	_ = tftypes.Walk(config, func(p *tftypes.AttributePath, v tftypes.Value) (bool, error) {
		if v.IsKnown() {
			return true, nil
		}
		var steps []string
		for _, step := range p.Steps() {
			if name, ok := step.(tftypes.AttributeName); ok {
				steps = append(steps, string(name))
			}
		}
		names = append(names, strings.Join(steps, "."))
		return false, nil
	})
	return names
}

// maxMaxRetries keeps a typo (1000) from turning an outage into an hour-long plan.
const maxMaxRetries = 100

func int64Or(v types.Int64, def int64) int64 {
	if v.IsNull() || v.IsUnknown() {
		return def
	}
	return v.ValueInt64()
}

// Environment variables read for each argument, first set wins; the same
// names the official alicloud provider reads.
var (
	envRegion        = []string{"ALICLOUD_REGION", "ALIBABA_CLOUD_REGION"}
	envAccessKey     = []string{"ALICLOUD_ACCESS_KEY", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABACLOUD_ACCESS_KEY_ID"}
	envSecretKey     = []string{"ALICLOUD_SECRET_KEY", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABACLOUD_ACCESS_KEY_SECRET"}
	envSecurityToken = []string{"ALICLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_SECURITY_TOKEN", "ALIBABACLOUD_SECURITY_TOKEN"}
)

// firstSet returns value if set, else the first non-empty environment variable.
func firstSet(value string, envNames ...string) string {
	return lookup(value, "", envNames...).value
}

func (p *alicasProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewDeploymentJobCertsDataSource,
		NewDeploymentJobsDataSource,
		NewDeploymentJobDataSource,
		NewDeploymentJobResourcesDataSource,
	}
}

func (p *alicasProvider) Resources(_ context.Context) []func() resource.Resource {
	return nil
}

// clientFrom unwraps what Configure handed over, with one clear diagnostic
// when no client can be had.
func clientFrom(data any) (*cas.Client, diag.Diagnostics) {
	var diags diag.Diagnostics
	pd, ok := data.(*providerData)
	switch {
	case !ok || pd == nil:
		diags.AddError("Provider not configured",
			"The alicas provider was not configured before this data source was read. This is a bug in the provider; please report it.")
	case len(pd.unknown) > 0:
		diags.AddError("Provider configuration is not known yet",
			fmt.Sprintf("The provider arguments %s depend on values known only after apply, so data sources cannot be read during this plan. "+
				"Set them to values known at plan time (or through environment variables), or apply the resources they come from first "+
				"(terraform apply -target=...).", strings.Join(pd.unknown, ", ")))
	default:
		return pd.client, nil
	}
	return nil, diags
}

// tflogLogger routes the API client's HTTP log lines into Terraform's log.
type tflogLogger struct{}

func (tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(ctx, msg, fields)
}

func (tflogLogger) Warn(ctx context.Context, msg string, fields map[string]any) {
	tflog.Warn(ctx, msg, fields)
}
