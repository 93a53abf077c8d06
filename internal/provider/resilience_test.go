package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aliyun/credentials-go/credentials"
	"github.com/aliyun/credentials-go/credentials/providers"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/cas/clocktest"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// expectCalls checks the emulator's counters once the data sources have
// been read (a Check runs after apply, before any later plan reads them again).
func expectCalls(srv *testEmulator, check func(emulator.Stats) error) resource.TestCheckFunc {
	return func(*terraform.State) error { return check(srv.Stats()) }
}

// expectFailure reads config through the CLI, expects one diagnostic with
// parts, and checks that the emulator got exactly calls requests.
func expectFailure(t *testing.T, srv *testEmulator, config string, calls int64, parts ...string) {
	t.Helper()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps:                    []resource.TestStep{{Config: config, ExpectError: errorPattern(parts...)}},
	})
	if n := srv.Stats().Requests; n != calls {
		t.Fatalf("%d calls, want %d", n, calls)
	}
}

// certsWithReadTimeout reads job 8888 with timeouts.read set to value.
func certsWithReadTimeout(value string) string {
	return fmt.Sprintf(`
data "alicas_deployment_job_certs" "test" {
  job_id = 8888
  timeouts {
    read = %q
  }
}
`, value)
}

var firstCertName = statecheck.ExpectKnownValue(certsAddress,
	tfjsonpath.New("certificates").AtSliceIndex(0).AtMapKey("cert_name"), knownvalue.StringExact("edkog.shop"))

func TestAccResilience_throttledThenSuccess(t *testing.T) {
	clock := clocktest.New()
	srv := startEmulator(t, emulator.Options{Now: clock.Now, Faults: []emulator.Fault{{
		Jobs: []int64{8888}, Times: 2, Fail: &emulator.Failure{Code: "Throttling.User", TimeLeft: emulator.Duration(50 * time.Millisecond)},
	}}}, mappingFixture)
	url := srv.URL
	logPath := filepath.Join(t.TempDir(), "provider.log")
	t.Setenv("TF_LOG", "WARN")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providersOnClock(clock),
		Steps: []resource.TestStep{{
			Config:            providerConfig(url) + certsRead,
			ConfigStateChecks: []statecheck.StateCheck{firstCertName},
			Check: expectCalls(srv, func(st emulator.Stats) error {
				if st.Requests != 3 || st.Outcomes["Throttling.User"] != 2 || st.Outcomes["OK"] != 1 {
					return fmt.Errorf("want 2 throttled calls then 1 OK, got %+v", st)
				}
				return nil
			}),
		}},
	})
	log, err := os.ReadFile(logPath) //nolint:gosec // a file in the test's own temp dir
	if err != nil {
		t.Fatal(err)
	}
	// Each retry is one WARN line with the code, attempt, delay and RequestId.
	line := regexp.MustCompile(`CAS API call failed; retrying.*`)
	lines := line.FindAll(log, -1)
	if len(lines) != 2 {
		t.Fatalf("%d retry lines in the provider log, want 2", len(lines))
	}
	for i, l := range lines {
		for _, want := range []string{
			"code=Throttling.User", fmt.Sprintf("attempt=%d", i+1), "delay_ms=", "server_asked_ms=50",
			"request_id=", "action=ListDeploymentJobCert",
		} {
			if !strings.Contains(string(l), want) {
				t.Errorf("retry line %q lacks %q", l, want)
			}
		}
		if !regexp.MustCompile(`request_id=` + requestIDPattern).Match(l) {
			t.Errorf("retry line %q has no RequestId", l)
		}
	}
}

// Many data sources in one plan, each throttled once: every read succeeds,
// no throttling reaches the user, and each makes exactly two calls. (Reads
// against a QPS ceiling: adaptive_rate_test.go here, and counted exactly on
// the test's clock in internal/cas.)
func TestAccResilience_fiftyDataSourcesEachThrottledOnce(t *testing.T) {
	t.Parallel()
	const n = 50
	var jobs []string
	for i := 1; i <= n; i++ {
		jobs = append(jobs, fmt.Sprintf(`"%d": [{"CertId": %d, "CertName": "job-%d.example.com"}]`, i, i*10, i))
	}
	fixture := `{"jobs": {` + strings.Join(jobs, ",") + `}}`
	clock := clocktest.New()
	srv := startEmulator(t, emulator.Options{Now: clock.Now, Faults: []emulator.Fault{
		{Times: 1, PerJob: true, Fail: &emulator.Failure{Code: "Throttling.User", TimeLeft: emulator.Duration(10 * time.Millisecond)}}}}, fixture)
	url := srv.URL
	checks := make([]statecheck.StateCheck, 0, n)
	for i := 1; i <= n; i++ {
		checks = append(checks, statecheck.ExpectKnownValue(fmt.Sprintf("data.alicas_deployment_job_certs.job[%d]", i-1),
			tfjsonpath.New("certificates"), knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
				"cert_id":   knownvalue.Int64Exact(int64(i * 10)),
				"cert_name": knownvalue.StringExact(fmt.Sprintf("job-%d.example.com", i)),
			})})))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providersOnClock(clock),
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + fmt.Sprintf(`
data "alicas_deployment_job_certs" "job" {
  count  = %d
  job_id = count.index + 1
}
`, n),
			ConfigStateChecks: checks,
			Check: expectCalls(srv, func(st emulator.Stats) error {
				if st.Outcomes["OK"] != n || st.Outcomes["Throttling.User"] != n || st.Requests != 2*n {
					return fmt.Errorf("want %d throttled and %d OK, got %+v", n, n, st)
				}
				return nil
			}),
		}},
	})
}

// The client-side limit keeps a plan under the server's ceiling: nothing is
// throttled at all, and the turns are exactly 100 ms apart on the test's
// clock. A request may reach the emulator after its turn, but terraform
// reads at most 10 data sources at once, so no second of the emulator's
// sees more than its 10 turns and 10 late ones.
func TestAccResilience_rateLimitAvoidsThrottling(t *testing.T) {
	t.Parallel()
	const n = 30
	clock := clocktest.New()
	srv := startEmulator(t, emulator.Options{Now: clock.Now, Faults: []emulator.Fault{{QPS: 20}}}, mappingFixture)
	url := srv.URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providersOnClock(clock),
		Steps: []resource.TestStep{{
			Config: providerConfig(url, "max_requests_per_second = 10") + fmt.Sprintf(`
data "alicas_deployment_job_certs" "job" {
  count  = %d
  job_id = 8888
}
`, n),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.alicas_deployment_job_certs.job[29]", tfjsonpath.New("certificates"), knownvalue.ListSizeExact(3)),
			},
			Check: expectCalls(srv, func(st emulator.Stats) error {
				if st.Requests != n || st.Outcomes["OK"] != n || clock.Elapsed() != (n-1)*100*time.Millisecond {
					return fmt.Errorf("want %d calls 100 ms apart on the test's clock, all OK and none throttled, got %+v over %s", n, st, clock.Elapsed())
				}
				return nil
			}),
		}},
	})
}

// An outage of several kinds in a row: 503, a dropped connection, an answer
// cut off mid-body and a proxy's 502 page; the fifth call succeeds.
func TestAccResilience_outageThenSuccess(t *testing.T) {
	t.Parallel()
	cut := 30
	page := "<html><body><h1>502 Bad Gateway</h1></body></html>"
	srv := startEmulator(t, emulator.Options{Faults: []emulator.Fault{{Times: 1, Fail: &emulator.Failure{Code: "ServiceUnavailable"}}, {Times: 1, Drop: true}, {Times: 1, Truncate: &cut}, {Times: 1, Body: &page, Status: 502}}}, mappingFixture)
	url := srv.URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config:            providerConfig(url) + certsRead,
			ConfigStateChecks: []statecheck.StateCheck{firstCertName},
			Check: expectCalls(srv, func(st emulator.Stats) error {
				if st.Requests != 5 || st.Outcomes["OK"] != 1 || st.Connections != 3 {
					return fmt.Errorf("want 4 failures, then OK, over 3 connections (2 were cut), got %+v", st)
				}
				return nil
			}),
		}},
	})
}

func TestAccResilience_retryLimit(t *testing.T) {
	srv := startEmulator(t, emulator.Options{Faults: []emulator.Fault{{Fail: &emulator.Failure{Code: "ServiceUnavailable", Message: "The service is busy."}}}}, mappingFixture)
	url := srv.URL
	expectFailure(t, srv, providerConfig(url, "max_retries = 2")+certsRead, 3,
		"Could not list the certificates of deployment job 8888",
		"ListDeploymentJobCert answered HTTP 503 with Code ServiceUnavailable: The service is busy.",
		"RequestId: "+requestIDPattern,
		`Gave up after 3 attempts over [0-9.]+m?s \(max_retries = 2\)`, "raise max_retries")
}

// Authentication and permission errors cannot pass by retrying: one call, at once.
func TestAccResilience_permanentErrorsFailFast(t *testing.T) {
	t.Run("wrong secret", func(t *testing.T) {
		srv := startEmulator(t, emulator.Options{}, mappingFixture)
		url := srv.URL
		expectFailure(t, srv, providerBlock(url, "", keysArguments(emulator.DefaultAccessKeyID, "not-the-secret"))+certsRead, 1,
			"Code SignatureDoesNotMatch", "RequestId: "+requestIDPattern)
	})
	t.Run("no permission", func(t *testing.T) {
		srv := startEmulator(t, emulator.Options{Faults: []emulator.Fault{{Fail: &emulator.Failure{Code: "Forbidden.RAM", Status: 403, Message: "User not authorized."}}}}, mappingFixture)
		url := srv.URL
		expectFailure(t, srv, providerConfig(url)+certsRead, 1,
			"HTTP 403 with Code Forbidden.RAM: User not authorized.", "AliyunYundunCertReadOnlyAccess")
	})
}

// expectSlowAnswerTimeout reads config, whose read timeout is shorter than
// the hour the emulator takes to answer, on the test's clock: one request
// arrives, none is answered, and the error has parts.
func expectSlowAnswerTimeout(t *testing.T, config func(url string) string, parts ...string) {
	t.Helper()
	clock := clocktest.New()
	var arrived atomic.Int64
	srv := startEmulator(t, emulator.Options{Now: clock.Now}, "", answeringAfter(clock, time.Hour, &arrived))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providersOnClock(clock),
		Steps:                    []resource.TestStep{{Config: config(srv.URL), ExpectError: errorPattern(parts...)}},
	})
	if n, answered := arrived.Load(), srv.Stats().Requests; n != 1 || answered != 0 {
		t.Fatalf("%d requests arrived and %d were answered, want 1 and 0", n, answered)
	}
}

func TestAccResilience_readTimeout(t *testing.T) {
	t.Run("no answer in time", func(t *testing.T) {
		expectSlowAnswerTimeout(t, func(url string) string { return providerConfig(url) + certsWithReadTimeout("1s") },
			"Could not list the certificates of deployment job 8888", "ListDeploymentJobCert had not answered yet.",
			`The read timed out after 1 attempt over 1s:`, `timeouts \{ read = "10m" \}`)
	})
	// The server asks to wait longer than the read may last: the provider
	// says so at once instead of waiting for the deadline.
	t.Run("next retry would come too late", func(t *testing.T) {
		clock := clocktest.New()
		srv := startEmulator(t, emulator.Options{Now: clock.Now, Faults: []emulator.Fault{{Fail: &emulator.Failure{Code: "Throttling.User", TimeLeft: emulator.Duration(time.Hour)}}}}, mappingFixture)
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: providersOnClock(clock),
			Steps: []resource.TestStep{{
				Config: providerConfig(srv.URL) + certsWithReadTimeout("30m"),
				ExpectError: errorPattern("HTTP 400 with Code Throttling.User", "RequestId: "+requestIDPattern,
					`The read timed out after 1 attempt over 0s:`),
			}},
		})
		if n := srv.Stats().Requests; n != 1 || clock.Elapsed() != 0 {
			t.Fatalf("%d calls and %s waited, want 1 call and no wait", n, clock.Elapsed())
		}
	})
	// Invalid values: user_mistakes_test.go.
}

func TestAccResilience_queuedPastTheReadTimeout(t *testing.T) {
	srv := startEmulator(t, emulator.Options{}, mappingFixture)
	url := srv.URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url, "max_requests_per_second = 1") + `
data "alicas_deployment_job_certs" "job" {
  count  = 5
  job_id = 8888
  timeouts {
    read = "1500ms"
  }
}
`,
			ExpectError: errorPattern("ListDeploymentJobCert was still waiting its turn under max_requests_per_second.",
				"The read timed out before its first request could be sent", "Raise max_requests_per_second"),
		}},
	})
	// How many get a turn depends on when terraform starts each read:
	// TestReadTimeout_queuedReads counts them on the test's clock.
}

// Five reads at once under max_requests_per_second = 1, each with 1.5 s:
// the turns at 0 s and 1 s are taken, the other three would come after
// the read's deadline and are not waited for. (Below the CLI: only here do
// all five start at the same instant of the test's clock.)
func TestReadTimeout_queuedReads(t *testing.T) {
	clock := clocktest.New()
	srv := startEmulator(t, emulator.Options{Now: clock.Now}, mappingFixture)
	endpoint, err := cas.ParseEndpoint(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	keys, err := providers.NewStaticAKCredentialsProviderBuilder().
		WithAccessKeyId(emulator.DefaultAccessKeyID).WithAccessKeySecret(emulator.DefaultAccessKeySecret).Build()
	if err != nil {
		t.Fatal(err)
	}
	client, err := cas.New(cas.Config{Endpoint: endpoint, Credential: credentials.FromCredentialsProvider("static_ak", keys),
		RequestsPerSecond: 1, MaxRetries: cas.DefaultMaxRetries, Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	read := readTimeout{Timeouts: timeouts.Value{Object: types.ObjectValueMust(map[string]attr.Type{"read": types.StringType},
		map[string]attr.Value{"read": types.StringValue("1500ms")})}}
	var (
		mu     sync.Mutex
		failed []diag.Diagnostic
	)
	for range 5 {
		clock.Go(func() {
			var diags diag.Diagnostics
			ctx, cancel, ok := beginRead(context.Background(), read, client, &diags)
			defer cancel()
			if !ok {
				t.Error(diags)
				return
			}
			if _, err := client.ListDeploymentJobCert(ctx, 8888); err != nil {
				mu.Lock()
				failed = append(failed, apiErrorDiagnostic("Could not list the certificates of deployment job 8888", err))
				mu.Unlock()
			}
		})
	}
	clock.Wait()
	if n := srv.Stats().Requests; n != 2 || len(failed) != 3 || clock.Elapsed() != time.Second {
		t.Fatalf("%d calls, %d reads failed, %s on the clock; want 2 calls (at 0 s and 1 s) and 3 failed", n, len(failed), clock.Elapsed())
	}
	for _, d := range failed {
		if !errorPattern("ListDeploymentJobCert was still waiting its turn", "The read timed out before its first request could be sent").MatchString(d.Detail()) {
			t.Errorf("diagnostic: %s", d.Detail())
		}
	}
}

func TestAccProvider_retrySettingsValidation(t *testing.T) {
	for args, want := range map[string]string{
		"max_retries = -1":             "max_retries must be a whole number from 0 to 100, got -1",
		"max_retries = 1000":           "max_retries must be a whole number from 0 to 100, got 1000",
		"max_requests_per_second = 0":  "max_requests_per_second must be a whole number of at least 1, got 0",
		"max_requests_per_second = -5": "max_requests_per_second must be a whole number of at least 1, got -5",
	} {
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProviders,
			Steps: []resource.TestStep{{
				Config:      providerConfig("http://127.0.0.1:1", args) + certsRead,
				ExpectError: errorPattern(want),
			}},
		})
	}
}

// TLS verification is never off: an endpoint whose certificate this machine
// does not trust fails at once, with what to do, and is not retried.
func TestAccResilience_untrustedTLSCertificate(t *testing.T) {
	srv := startEmulator(t, emulator.Options{}, "", overUntrustedTLS)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(srv.URL) + certsRead,
			ExpectError: errorPattern("Could not list the certificates of deployment job 8888", "certificate",
				"never skips certificate verification", "trust store"),
		}},
	})
	if st := srv.Stats(); st.Requests != 0 || st.Connections != 1 {
		t.Fatalf("want one refused connection and no request, got %+v", st)
	}
}

func TestAccDeploymentJobCerts_unknownRetrySettingAtPlan(t *testing.T) {
	url := startEmulator(t, emulator.Options{}, mappingFixture).URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: `
resource "terraform_data" "retries" {
  input = 3
}
` + providerConfig(url, "max_retries = terraform_data.retries.output") + certsRead,
			ExpectError: errorPattern("Provider configuration is not known yet", "The provider arguments max_retries depend on values known only after apply"),
		}},
	})
}

// Every data source takes timeouts { read }: a read that outlasts it stops
// with the diagnostic that names the setting, and a valid one reads as usual.
func TestAccResilience_readTimeoutOnEveryDataSource(t *testing.T) {
	for _, c := range []struct{ dataSource, arguments, summary string }{
		{"alicas_deployment_jobs", "", "Could not list deployment jobs"},
		{"alicas_deployment_job", "job_id = 8888", "Could not read deployment job 8888"},
		{"alicas_deployment_job_resources", "job_id = 8888", "Could not list the resources of deployment job 8888"},
	} {
		t.Run(c.dataSource, func(t *testing.T) {
			config := func(read string) string {
				return fmt.Sprintf(`
data %q "test" {
  %s
  timeouts {
    read = %q
  }
}
`, c.dataSource, c.arguments, read)
			}
			expectSlowAnswerTimeout(t, func(url string) string { return providerConfig(url) + config("1s") },
				c.summary, `The read timed out after 1 attempt over 1s:`, `timeouts \{ read = "10m" \}`)

			url := startEmulator(t, emulator.Options{}, "").URL
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProviders,
				Steps: []resource.TestStep{{
					Config: providerConfig(url) + config("2m"),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("data."+c.dataSource+".test", tfjsonpath.New("timeouts").AtMapKey("read"), knownvalue.StringExact("2m")),
					},
				}},
			})
		})
	}
}
