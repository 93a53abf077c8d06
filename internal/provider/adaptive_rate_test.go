package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alicas/terraform-provider-alicas/internal/cas/clocktest"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// With the default settings (no max_requests_per_second), 50 data sources
// in one plan against a service that takes 10 calls a second: every read
// succeeds, and fewer than half of all calls are throttled, because the
// first throttling slows every read of the plan at once. On the test's
// clock; how many are throttled depends on when terraform starts each read,
// so the bound is the requirement, and TestAdaptiveRate_ceilingOfTen
// (internal/cas) is the run that repeats exactly.
func TestAccAdaptiveRate_fiftyDataSourcesAgainstACeilingOfTen(t *testing.T) {
	t.Parallel()
	const n = 50
	var jobs []string
	for i := 1; i <= n; i++ {
		jobs = append(jobs, fmt.Sprintf(`"%d": [{"CertId": %d, "CertName": "job-%d.example.com"}]`, i, i*10, i))
	}
	clock := clocktest.New()
	srv := startEmulator(t, emulator.Options{Now: clock.Now, Faults: []emulator.Fault{{QPS: 10}}}, `{"jobs": {`+strings.Join(jobs, ",")+`}}`)
	checks := make([]statecheck.StateCheck, 0, n)
	for i := 1; i <= n; i++ {
		checks = append(checks, statecheck.ExpectKnownValue(fmt.Sprintf("data.alicas_deployment_job_certs.job[%d]", i-1),
			tfjsonpath.New("certificates").AtSliceIndex(0).AtMapKey("cert_id"), knownvalue.Int64Exact(int64(i*10))))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providersOnClock(clock),
		Steps: []resource.TestStep{{
			Config: providerConfig(srv.URL) + fmt.Sprintf(`
data "alicas_deployment_job_certs" "job" {
  count  = %d
  job_id = count.index + 1
}
`, n),
			ConfigStateChecks: checks,
			Check: expectCalls(srv, func(st emulator.Stats) error {
				throttled := st.Outcomes["Throttling.User"]
				if st.Outcomes["OK"] != n || throttled*2 >= st.Requests {
					return fmt.Errorf("want %d OK and fewer than half of all calls throttled, got %+v", n, st)
				}
				t.Logf("%d data sources: %d calls, %d throttled, %s on the test's clock", n, st.Requests, throttled, clock.Elapsed())
				return nil
			}),
		}},
	})
}

// Hints go by the code's longest dotted prefix that has one.
func TestHintFor(t *testing.T) {
	t.Parallel()
	for code, want := range map[string]string{
		"Throttling.User":              hints["Throttling"],
		"Throttling":                   hints["Throttling"],
		"Forbidden.RAM":                hints["Forbidden"],
		"InvalidSecurityToken.Expired": hints["InvalidSecurityToken.Expired"],
		"InvalidAccessKeyId.NotFound":  hints["InvalidAccessKeyId.NotFound"],
		"InvalidTimeStamp.Expired":     hints["InvalidTimeStamp"],
		"InvalidParameter":             "",
		"ThrottlingX":                  "",
	} {
		if got := hintFor(code); got != want {
			t.Errorf("hintFor(%q) = %q, want %q", code, got, want)
		}
	}
}
