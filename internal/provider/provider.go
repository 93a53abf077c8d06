// Package provider is the Terraform layer of terraform-provider-alicas:
// schemas, models and diagnostics. All HTTP lives in internal/cas.
package provider

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

// DefaultRegion is used when neither the region argument nor its environment
// variables are set.
const DefaultRegion = "cn-hangzhou"

// DefaultCASEndpoint serves every region of China-site accounts.
const DefaultCASEndpoint = "cas.aliyuncs.com"

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
	MaxRetries    types.Int64  `tfsdk:"max_retries"`
	MaxRequestsPS types.Int64  `tfsdk:"max_requests_per_second"`
}

type endpointsModel struct {
	CAS types.String `tfsdk:"cas"`
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
				MarkdownDescription: fmt.Sprintf("Most API requests this provider sends per second, retries included, shared by every "+
					"data source it reads (default %d, CAS's documented limit per account). Many data sources in one plan then queue "+
					"instead of being throttled. Lower it when other tools use the same account at the same time.", cas.DefaultRequestsPerSecond),
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
							"then `CAS_ENDPOINT`; default `" + DefaultCASEndpoint + "`.",
					},
				},
			},
		},
	}
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

	if unknown := unknownArguments(cfg, endpoints); len(unknown) > 0 {
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
	endpoint, diags := resolveEndpoint(endpoints)
	resp.Diagnostics.Append(diags...)
	credential, diags := resolveCredential(cfg)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	client, err := cas.New(cas.Config{
		Endpoint:          endpoint,
		Credential:        credential,
		UserAgent:         fmt.Sprintf("terraform-provider-alicas/%s Terraform/%s", p.version, req.TerraformVersion),
		Logger:            tflogLogger{},
		MaxRetries:        int(orDefault(cfg.MaxRetries, cas.DefaultMaxRetries)),
		RequestsPerSecond: float64(orDefault(cfg.MaxRequestsPS, cas.DefaultRequestsPerSecond)),
	})
	if err != nil {
		resp.Diagnostics.AddError("Could not set up the CAS client", err.Error())
		return
	}
	tflog.Debug(ctx, "Configured CAS client", map[string]any{"region": region, "endpoint": endpoint.String()})
	resp.DataSourceData = &providerData{client: client}
}

func unknownArguments(cfg providerModel, endpoints endpointsModel) []string {
	var names []string
	for name, v := range map[string]types.String{
		"region": cfg.Region, "access_key": cfg.AccessKey, "secret_key": cfg.SecretKey,
		"security_token": cfg.SecurityToken, "endpoints.cas": endpoints.CAS,
	} {
		if v.IsUnknown() {
			names = append(names, name)
		}
	}
	if cfg.Endpoints.IsUnknown() {
		names = append(names, "endpoints")
	}
	if cfg.MaxRetries.IsUnknown() {
		names = append(names, "max_retries")
	}
	if cfg.MaxRequestsPS.IsUnknown() {
		names = append(names, "max_requests_per_second")
	}
	return names
}

// maxMaxRetries keeps a typo (1000) from turning an outage into an hour-long plan.
const maxMaxRetries = 100

func orDefault(v types.Int64, def int64) int64 {
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
	envCASEndpoint   = []string{"ALIBABA_CLOUD_ENDPOINT_CAS", "CAS_ENDPOINT"}
)

// firstSet returns value if set, else the first non-empty environment variable.
func firstSet(value string, envNames ...string) string {
	if value != "" {
		return value
	}
	for _, name := range envNames {
		if v := strings.TrimSpace(os.Getenv(name)); v != "" {
			return v
		}
	}
	return ""
}

func resolveEndpoint(endpoints endpointsModel) (cas.Endpoint, diag.Diagnostics) {
	var diags diag.Diagnostics
	raw := firstSet(endpoints.CAS.ValueString(), envCASEndpoint...)
	if raw == "" {
		raw = DefaultCASEndpoint
	}
	endpoint, err := cas.ParseEndpoint(raw)
	if err != nil {
		diags.AddAttributeError(path.Root("endpoints").AtName("cas"), "Invalid CAS endpoint",
			err.Error()+". Give a host such as cas.aliyuncs.com or a URL such as https://cas.aliyuncs.com "+
				"(in endpoints.cas, ALIBABA_CLOUD_ENDPOINT_CAS or CAS_ENDPOINT).")
	} else if endpoint.Scheme == "http" && !endpoint.IsLoopback() {
		diags.AddAttributeWarning(path.Root("endpoints").AtName("cas"), "CAS endpoint uses plain HTTP",
			fmt.Sprintf("%s is not on this machine, and http:// sends requests (an STS security token included) and certificate data unencrypted across the network. "+
				"Use https:// unless the path to it is private and trusted.", endpoint))
	}
	return endpoint, diags
}

func (p *alicasProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewDeploymentJobCertsDataSource,
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
