package provider

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
)

// endpointsFor picks the CAS endpoint and the STS host: endpoints { ... } or
// its environment variables when set, else the account's site and region
// decide. No network call.
func endpointsFor(cfg providerModel, endpoints endpointsModel, region string) (cas.Endpoint, string, diag.Diagnostics) {
	var diags diag.Diagnostics
	accountType := lookup(cfg.AccountType.ValueString(), "account_type")
	siteCAS, siteSTS, err := cas.SiteEndpoints(accountType.value, region)
	if err != nil {
		diags.AddAttributeError(path.Root("account_type"), "Invalid account_type",
			fmt.Sprintf("account_type (set by %s) is %q: use %q for a China-site (aliyun.com) account or %q for an international-site (alibabacloud.com) one.",
				accountType.from, accountType.value, cas.AccountDomestic, cas.AccountInternational))
		return cas.Endpoint{}, "", diags
	}
	endpoint, diags := resolveEndpoint(endpoints, siteCAS)

	sts := lookup(endpoints.STS.ValueString(), "endpoints.sts")
	if !sts.set() {
		return endpoint, siteSTS, diags
	}
	// credentials-go always calls STS over HTTPS and takes only a host.
	stsEndpoint, err := cas.ParseEndpoint(sts.value)
	if err == nil && stsEndpoint.Scheme != "https" {
		err = fmt.Errorf("STS is only called over HTTPS, not %s", stsEndpoint.Scheme)
	}
	if err != nil {
		diags.AddAttributeError(path.Root("endpoints").AtName("sts"), "Invalid STS endpoint",
			fmt.Sprintf("%v (set by %s). Give a host such as sts.aliyuncs.com, or https://HOST[:PORT].", err, sts.from))
	}
	return endpoint, stsEndpoint.Host, diags
}

// resolveEndpoint is endpoints.cas, else its environment variables, else siteDefault.
func resolveEndpoint(endpoints endpointsModel, siteDefault string) (cas.Endpoint, diag.Diagnostics) {
	var diags diag.Diagnostics
	raw := lookup(endpoints.CAS.ValueString(), "endpoints.cas").value
	if raw == "" {
		raw = siteDefault
	}
	endpoint, err := cas.ParseEndpoint(raw)
	if err != nil {
		diags.AddAttributeError(path.Root("endpoints").AtName("cas"), "Invalid CAS endpoint",
			err.Error()+". Give a host such as cas.aliyuncs.com or a URL such as https://cas.aliyuncs.com "+
				"(in endpoints.cas, or "+envList("endpoints.cas")+").")
	} else if endpoint.Scheme == "http" && !endpoint.IsLoopback() {
		diags.AddAttributeWarning(path.Root("endpoints").AtName("cas"), "CAS endpoint uses plain HTTP",
			fmt.Sprintf("%s is not on this machine, and http:// sends requests (an STS security token included) and certificate data unencrypted across the network. "+
				"Use https:// unless the path to it is private and trusted.", endpoint))
	}
	return endpoint, diags
}

// clientTimeout reads a timeout in milliseconds from its argument, else its
// environment variable, else def.
func clientTimeout(v types.Int64, argument string, def time.Duration) (time.Duration, diag.Diagnostics) {
	var diags diag.Diagnostics
	if !v.IsNull() {
		return time.Duration(v.ValueInt64()) * time.Millisecond, diags
	}
	s := lookup("", argument)
	if !s.set() {
		return def, diags
	}
	ms, err := strconv.ParseInt(s.value, 10, 64)
	if err != nil || ms < 1 {
		diags.AddAttributeError(path.Root(argument), "Invalid "+argument,
			fmt.Sprintf("%s is %q: it must be a whole number of milliseconds, at least 1.", s.from, s.value))
	}
	return time.Duration(ms) * time.Millisecond, diags
}

// userAgent names the provider and Terraform versions, then
// configuration_source and TF_APPEND_USER_AGENT, each once.
func userAgent(version, terraformVersion string, configurationSource types.String) string {
	parts := []string{"terraform-provider-alicas/" + version, "Terraform/" + terraformVersion}
	for _, extra := range []string{configurationSource.ValueString(), os.Getenv(envAppendUserAgent)} {
		// A header value cannot hold control characters (a newline would end it).
		extra = strings.TrimSpace(strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, extra))
		if extra != "" && !slices.Contains(parts, extra) {
			parts = append(parts, extra)
		}
	}
	return strings.Join(parts, " ")
}
