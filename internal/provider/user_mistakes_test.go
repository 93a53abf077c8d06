package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// mistake is one thing a user can get wrong (issue 11 numbers them) and
// what they must see, through the terraform CLI: the parts of one error, in
// order, and how many API calls reached the emulator before it (-1: not
// counted).
type mistake struct {
	item   int
	name   string
	config func(url string) string
	errs   []string
	calls  int64
}

func certsOf(job string) string {
	return fmt.Sprintf("data \"alicas_deployment_job_certs\" \"test\" {\n  job_id = %s\n}\n", job)
}

var mistakes = []mistake{
	{3, "a mistyped job_id for certificates", func(url string) string { return providerConfig(url) + certsOf("424242") },
		[]string{"Deployment job not found", "job_id = 424242", "DescribeDeploymentJob answered with no job for job_id 424242"}, 2},
	{3, "a mistyped job_id for resources", func(url string) string {
		return providerConfig(url) + "data \"alicas_deployment_job_resources\" \"test\" {\n  job_id = 424242\n}\n"
	}, []string{"Deployment job not found", "DescribeDeploymentJob answered with no job for job_id 424242"}, 2},

	{7, "an empty CAS endpoint", func(string) string { return providerBlock("", "", keysArguments("a", "b")) + certsRead },
		[]string{"Empty endpoints.cas", `endpoints.cas is empty. Give a URL or host, such as https://cas.aliyuncs.com, or leave the argument out`}, 0},
	{7, "an empty STS endpoint", func(string) string {
		return "provider \"alicas\" {\n  endpoints {\n    sts = \"\"\n  }\n}\n" + certsRead
	},
		[]string{"Empty endpoints.sts", "endpoints.sts is empty", "such as sts.aliyuncs.com"}, 0},

	{9, "a read timeout without a unit", func(url string) string { return providerConfig(url) + certsWithReadTimeout("10") },
		[]string{"Invalid read timeout", `timeouts.read is "10": give a positive duration`, `"30s", "5m" or "1h30m"`}, 0},
	{9, "a read timeout in days", func(url string) string { return providerConfig(url) + certsWithReadTimeout("1d") },
		[]string{"Invalid read timeout", `timeouts.read is "1d"`, `for a day write "24h"`}, 0},
	{9, "a read timeout in minutes spelled out", func(url string) string { return providerConfig(url) + certsWithReadTimeout("5min") },
		[]string{"Invalid read timeout", `timeouts.read is "5min"`}, 0},
	{9, "a negative read timeout", func(url string) string { return providerConfig(url) + certsWithReadTimeout("-5m") },
		[]string{"Invalid read timeout", `timeouts.read is "-5m": give a positive duration`}, 0},

	{10, "a credentials URI that fails", func(url string) string {
		return providerBlock(url, "", fmt.Sprintf("credentials_uri = %q", url+"/no-credentials-here")) + certsRead
	}, []string{"Could not get credentials from the credentials URI http://127.0.0.1:[0-9]+/no-credentials-here \\(set by credentials_uri\\)"}, 1}, // the URI, once
}

// Every mistake of the table gets its one clear message, through the CLI.
func TestAccUserMistakes(t *testing.T) {
	for _, m := range mistakes {
		t.Run(fmt.Sprintf("%d %s", m.item, m.name), func(t *testing.T) {
			clearCredentialEnv(t)
			srv := startEmulator(t, emulator.Options{}, mappingFixture)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProviders,
				Steps:                    []resource.TestStep{{Config: m.config(srv.URL), ExpectError: errorPattern(m.errs...)}},
			})
			if n := srv.Stats().Requests; m.calls >= 0 && n != m.calls {
				t.Errorf("%d API calls, want %d", n, m.calls)
			}
		})
	}
}
