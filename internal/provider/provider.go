// Package provider is the Terraform layer of terraform-provider-alicas:
// schemas, models and diagnostics. All HTTP lives in internal/cas.
package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/aliyun/credentials-go/credentials/providers"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/lifecycle"
)

var (
	_ provider.ProviderWithEphemeralResources = (*alicasProvider)(nil)
	_ provider.ProviderWithListResources      = (*alicasProvider)(nil)
	_ provider.ProviderWithActions            = (*alicasProvider)(nil)
)

type alicasProvider struct {
	version string
	clock   cas.Clock         // nil: the real clock; tests give a clocktest.Clock
	polling lifecycle.Polling // zero: lifecycle.DefaultPolling; tests poll faster
}

// New returns the provider factory for providerserver; version is set at build time.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &alicasProvider{version: version} }
}

func (p *alicasProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "alicas"
	resp.Version = p.version
}

// Configure builds the one API client every data source and resource
// takes in its own Configure (configuredClient). Provider arguments unknown
// at plan time defer the reads when Terraform allows it; otherwise the
// client is replaced by the names of those arguments, for one clear error.
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
		p.handOver(resp, unknownConfiguration(unknown))
		return
	}

	region := orDefault(lookup(cfg.Region.ValueString(), "region").value, defaultRegion)
	chosen, diags := endpointsFor(cfg, endpoints, region)
	resp.Diagnostics.Append(diags...)
	connectTimeout, diags := clientTimeout(cfg.ClientConnectTimeout, "client_connect_timeout", cas.DefaultConnectTimeout)
	resp.Diagnostics.Append(diags...)
	readTimeout, diags := clientTimeout(cfg.ClientReadTimeout, "client_read_timeout", cas.DefaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	credential, credentialSource, diags := resolveCredential(ctx, cfg, chosen.stsHost, &providers.HttpOptions{
		ConnectTimeout: int(connectTimeout.Milliseconds()), ReadTimeout: int(readTimeout.Milliseconds()),
	})
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	client, err := cas.New(cas.Config{
		Endpoint:          chosen.cas,
		EndpointSource:    chosen.casFrom,
		Credential:        credential,
		CredentialSource:  credentialSource,
		UserAgent:         userAgent(p.version, req.TerraformVersion, cfg.ConfigurationSource),
		ConnectTimeout:    connectTimeout,
		ReadTimeout:       readTimeout,
		Logger:            tflogLogger{},
		Clock:             p.clock,
		MaxRetries:        int(int64Or(cfg.MaxRetries, cas.DefaultMaxRetries)),
		RequestsPerSecond: float64(int64Or(cfg.MaxRequestsPS, 0)), // unset: adaptive
		CertRegion:        cas.CertRegion(lookup(cfg.AccountType.ValueString(), "account_type").value, region),
	})
	if err != nil {
		resp.Diagnostics.AddError("Could not set up the CAS client", err.Error())
		return
	}
	tflog.Debug(ctx, "Configured CAS client", map[string]any{"region": region, "endpoint": chosen.cas.String(), "sts_endpoint": chosen.stsHost, "credentials": credentialSource.Description})
	p.handOver(resp, &configured{client: client, engine: lifecycle.New(client, p.polling, tflogLogger{})})
}

// configured is what the provider hands every data source, resource and
// ephemeral resource: the one client, and the engine that runs lifecycles
// through it.
type configured struct {
	client *cas.Client
	engine *lifecycle.Engine
}

// handOver gives data what every data source, resource and ephemeral
// resource receives in its Configure.
func (p *alicasProvider) handOver(resp *provider.ConfigureResponse, data any) {
	resp.DataSourceData, resp.ResourceData, resp.EphemeralResourceData, resp.ListResourceData, resp.ActionData = data, data, data, data, data
}

// unknownConfiguration, handed over instead of a client, names the provider
// arguments not known until apply.
type unknownConfiguration []string

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

func int64Or(v wholeNumberValue, def int64) int64 {
	if v.IsNull() || v.IsUnknown() {
		return def
	}
	return v.ValueInt64()
}

func (p *alicasProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewDeploymentJobCertsDataSource,
		NewDeploymentJobsDataSource,
		NewDeploymentJobDataSource,
		NewDeploymentJobResourcesDataSource,
		NewCloudResourcesDataSource,
		NewContactsDataSource,
		NewCertificatesDataSource,
		NewCertificateDataSource,
		NewDeploymentJobWorkersDataSource,
		NewCloudAccessesDataSource,
		NewCertificateInstancesDataSource,
		NewMatchedResourcesDataSource,
	}
}

func (p *alicasProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewCertificateResource,
		NewDeploymentJobResource,
		NewContactResource,
		NewCloudAccessResource,
		NewCertificateApplicationResource,
		NewCertificateValidationResource,
	}
}

// Actions are operations, not things to keep (Terraform 1.14 and later).
func (p *alicasProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{NewDeploymentJobRollbackAction}
}

// ListResources are what `terraform query` lists (Terraform 1.14 and later).
func (p *alicasProvider) ListResources(_ context.Context) []func() list.ListResource {
	return listResources()
}

// EphemeralResources are read fresh in each run and never stored.
func (p *alicasProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		NewCertificateKeyEphemeralResource,
	}
}

// configuredClient is how the Configure of every data source and resource
// takes the client the provider built, with one clear error when it cannot.
// Terraform validates configurations before configuring the provider: data
// is nil then, and so is the client, without error.
func configuredClient(data any) (*configured, diag.Diagnostics) {
	var diags diag.Diagnostics
	switch d := data.(type) {
	case nil:
		return nil, nil
	case *configured:
		return d, nil
	case unknownConfiguration:
		diags.AddError("Provider configuration is not known yet",
			fmt.Sprintf("The provider arguments %s depend on values known only after apply, so data sources cannot be read during this plan. "+
				"Set them to values known at plan time (or through environment variables), or apply the resources they come from first "+
				"(terraform apply -target=...).", strings.Join(d, ", ")))
	default:
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected the alicas provider's configured client, got %T. This is a bug in the provider; please report it.", data))
	}
	return nil, diags
}

// configuredDataSource is embedded by every data source: its Configure takes
// the provider's client (configuredClient).
type configuredDataSource struct {
	client *cas.Client
}

func (d *configuredDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	c, diags := configuredClient(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	if c != nil {
		d.client = c.client
	}
}

// configuredResource is embedded by every resource: its Configure takes the
// provider's client and lifecycle engine (configuredClient).
type configuredResource struct {
	client *cas.Client
	engine *lifecycle.Engine
}

func (r *configuredResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	c, diags := configuredClient(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	if c != nil {
		r.client, r.engine = c.client, c.engine
	}
}

// tflogLogger routes the API client's HTTP log lines into Terraform's log.
type tflogLogger struct{}

func (tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(ctx, msg, fields)
}

func (tflogLogger) Info(ctx context.Context, msg string, fields map[string]any) {
	tflog.Info(ctx, msg, fields)
}

func (tflogLogger) Warn(ctx context.Context, msg string, fields map[string]any) {
	tflog.Warn(ctx, msg, fields)
}
