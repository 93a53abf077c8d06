package provider

import (
	"errors"
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

// chosenEndpoints is where the provider's calls go.
type chosenEndpoints struct {
	cas     cas.Endpoint
	casFrom string // the argument or variable that chose cas, or "account_type and region"
	stsHost string
}

// endpointsFor picks the CAS endpoint and the STS host: endpoints { ... } or
// its environment variables when set, else the account's site and region
// decide. No network call.
func endpointsFor(cfg providerModel, endpoints endpointsModel, region string) (chosenEndpoints, diag.Diagnostics) {
	var diags diag.Diagnostics
	accountType := lookup(cfg.AccountType.ValueString(), "account_type")
	siteCAS, siteSTS, err := cas.SiteEndpoints(accountType.value, region)
	if err != nil {
		diags.AddAttributeError(path.Root("account_type"), "Invalid account_type",
			fmt.Sprintf("account_type (set by %s) is %q: use %q for a China-site (aliyun.com) account or %q for an international-site (alibabacloud.com) one.",
				accountType.from, accountType.value, cas.AccountDomestic, cas.AccountInternational))
		return chosenEndpoints{}, diags
	}
	endpoint, from, diags := resolveEndpoint(endpoints, siteCAS)
	if r := lookup(cfg.Region.ValueString(), "region"); r.set() && !slices.Contains(knownRegions, region) {
		diags.AddAttributeWarning(path.Root("region"), "Unknown region",
			fmt.Sprintf("region (set by %s) is %q, which is not an Alibaba Cloud region the provider knows of; check it for a typo. "+
				"It is used as given: CAS calls go to %s.", r.from, region, endpoint))
	}

	sts := lookup(endpoints.STS.ValueString(), "endpoints.sts")
	if !sts.set() {
		return chosenEndpoints{endpoint, from, siteSTS}, diags
	}
	stsEndpoint, err := parseEndpoint(sts.value, true)
	if err != nil {
		diags.AddAttributeError(path.Root("endpoints").AtName("sts"), "Invalid endpoints.sts",
			fmt.Sprintf("%v (set by %s). %s", err, sts.from, endpointAdvice[true]))
	}
	return chosenEndpoints{endpoint, from, stsEndpoint.Host}, diags
}

// resolveEndpoint is endpoints.cas, else its environment variables, else
// siteDefault, and which of them it was.
func resolveEndpoint(endpoints endpointsModel, siteDefault string) (cas.Endpoint, string, diag.Diagnostics) {
	var diags diag.Diagnostics
	raw := lookup(endpoints.CAS.ValueString(), "endpoints.cas")
	if !raw.set() {
		raw = setting{siteDefault, "account_type and region"}
	}
	endpoint, err := parseEndpoint(raw.value, false)
	if err != nil {
		diags.AddAttributeError(path.Root("endpoints").AtName("cas"), "Invalid endpoints.cas",
			fmt.Sprintf("%v (set by %s). %s", err, raw.from, endpointAdvice[false]))
	} else if endpoint.Scheme == "http" && !endpoint.IsLoopback() {
		diags.AddAttributeWarning(path.Root("endpoints").AtName("cas"), "CAS endpoint uses plain HTTP",
			fmt.Sprintf("%s (set by %s) is not on this machine, and http:// sends requests (an STS security token included) and certificate "+
				"data unencrypted across the network. Use https:// unless the path to it is private and trusted.", endpoint, raw.from))
	}
	return endpoint, raw.from, diags
}

// endpointAdvice says what to write, for CAS (false) and for STS (true),
// which credentials-go calls only over HTTPS.
var endpointAdvice = map[bool]string{
	false: "Give a host such as cas.aliyuncs.com (called over HTTPS), or a URL such as https://cas.aliyuncs.com or, for a plain-HTTP endpoint, http://127.0.0.1:8735.",
	true:  "Give a host such as sts.aliyuncs.com, or https://HOST[:PORT].",
}

// parseEndpoint reads an endpoint as users write it, with errors that say
// what is wrong with it as written.
func parseEndpoint(value string, httpsOnly bool) (cas.Endpoint, error) {
	value = strings.TrimSpace(value)
	if !strings.Contains(value, "://") && (strings.Contains(value, "//") || strings.Contains(value, ":/")) {
		return cas.Endpoint{}, fmt.Errorf("%q looks like a URL with a mistyped scheme: write https:// or http:// in full", redactURLs(value))
	}
	e, err := cas.ParseEndpoint(value)
	switch {
	case err != nil:
		err = errors.New(redactURLs(err.Error())) // it quotes the value, token and all
	case httpsOnly && e.Scheme != "https":
		err = fmt.Errorf("%q: STS is only called over HTTPS, not %s", value, e.Scheme)
	}
	return e, err
}

// clientTimeout reads a timeout in milliseconds from its argument, else its
// environment variable, else def.
func clientTimeout(v wholeNumberValue, argument string, def time.Duration) (time.Duration, diag.Diagnostics) {
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
