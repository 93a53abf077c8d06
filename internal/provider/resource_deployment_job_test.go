package provider

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aliyun/credentials-go/credentials"
	"github.com/hashicorp/terraform-plugin-framework/path"
	fwresource "github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/cas/clocktest"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
	"github.com/alicas/terraform-provider-alicas/internal/lifecycle"
)

// The default emulator account (internal/emulator/account_default.go) has
// what these tests deploy: certificate 11174101 (shop.example.com,
// *.shop.example.com) and 11174106 (*.example.io, example.io), 11174100
// (www, api, static .example.com); resources 22005 (ALB www.example.io),
// 22001 (NLB, no domain: every certificate), 22006 (WAF m.shop.example.com),
// 22004 (CDN api.example.com, HTTPS off), 20979 (CDN www.example.com); and
// contact 3304.

const job = "alicas_deployment_job.web"

// jobConfig is one alicas_deployment_job "web"; extra is more of its
// arguments, one per line.
func jobConfig(url, certs, resources string, extra ...string) string {
	var b string
	for _, e := range extra {
		b += "  " + e + "\n"
	}
	return providerConfig(url) + fmt.Sprintf(`
resource "alicas_deployment_job" "web" {
  name            = "web"
  certificate_ids = %s
  resource_ids    = %s
  contact_ids     = ["3304"]
%s}
`, certs, resources, b)
}

// quickJobs is the provider under test polling jobs every 5 ms or so (the
// emulator's short steps), on the real clock.
func quickJobs() map[string]func() (tfprotov6.ProviderServer, error) {
	const floor = 5 * time.Millisecond
	return testProviders(nil, lifecycle.Polling{Floor: floor, Ceiling: 30 * floor})
}

// fakeJobTime puts the emulator on a fake clock, whose time jumps to each
// wake-up, for the provider (providersOnClock) to wait by: a job of minutes
// takes no time, and what a test counts does not depend on the machine's
// speed.
func fakeJobTime(opts *emulator.Options) *clocktest.Clock {
	clock := clocktest.New()
	opts.Now = clock.Now
	return clock
}

// actionCounter counts the requests of each action on their way to the emulator.
type actionCounter struct {
	mu     sync.Mutex
	counts map[string]int
}

func (c *actionCounter) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		if c.counts == nil {
			c.counts = map[string]int{}
		}
		c.counts[r.Header.Get("x-acs-action")]++
		c.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

func (c *actionCounter) count(action string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.counts[action]
}

// testClient is a cas client for the emulator at url, for checks and for
// changes made outside Terraform.
func testClient(t *testing.T, url string) *cas.Client {
	t.Helper()
	return testClientOn(t, url, nil)
}

// testClientOn is testClient waiting by clock (nil: the real one), with
// its configuration changed by each of with.
func testClientOn(t *testing.T, url string, clock cas.Clock, with ...func(*cas.Config)) *cas.Client {
	t.Helper()
	cred, err := credentials.NewCredential(&credentials.Config{Type: ptr("access_key"),
		AccessKeyId: ptr(emulator.DefaultAccessKeyID), AccessKeySecret: ptr(emulator.DefaultAccessKeySecret)})
	if err != nil {
		t.Fatal(err)
	}
	endpoint, err := cas.ParseEndpoint(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg := cas.Config{Endpoint: endpoint, Credential: cred, Clock: clock}
	for _, w := range with {
		w(&cfg)
	}
	c, err := cas.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// jobIDOf reads the job ID the state holds.
func jobIDOf(s *terraform.State) (int64, error) {
	r, ok := s.RootModule().Resources[job]
	if !ok {
		return 0, fmt.Errorf("%s is not in state", job)
	}
	return strconv.ParseInt(r.Primary.ID, 10, 64)
}

// Deploying to several resources: apply waits for the job, and a data
// source read afterwards sees each resource carry its new certificate.
func TestAccDeploymentJob_deploysToSeveralResources(t *testing.T) {
	t.Parallel()
	providers := quickJobs()
	url := startEmulator(t, emulator.Options{JobStep: 20 * time.Millisecond}, "").URL
	config := jobConfig(url, "[11174101, 11174106]", `["22005", "22001", "22006"]`) + `
data "alicas_deployment_job_resources" "after" {
  job_id = alicas_deployment_job.web.job_id
}
output "carried" {
  value = { for r in data.alicas_deployment_job_resources.after.resources : tostring(r.id) => r.cert_id }
}
`
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(job, tfjsonpath.New("status"), knownvalue.StringExact("success")),
				statecheck.ExpectKnownValue(job, tfjsonpath.New("worker_count"), knownvalue.Int64Exact(4)),
				statecheck.ExpectKnownValue(job, tfjsonpath.New("success_count"), knownvalue.Int64Exact(4)),
				statecheck.ExpectKnownValue(job, tfjsonpath.New("failed_count"), knownvalue.Int64Exact(0)),
				statecheck.ExpectKnownValue(job, tfjsonpath.New("failed_workers"), knownvalue.ListExact(nil)),
				statecheck.ExpectKnownValue(job, tfjsonpath.New("started_at"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue(job, tfjsonpath.New("ended_at"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue(job, tfjsonpath.New("resource_ids"),
					knownvalue.SetExact([]knownvalue.Check{knownvalue.Int64Exact(22001), knownvalue.Int64Exact(22005), knownvalue.Int64Exact(22006)})),
				// 22001 has no domain: both certificates go there, the later worker last.
				statecheck.ExpectKnownOutputValue("carried", knownvalue.MapExact(map[string]knownvalue.Check{
					"22005": knownvalue.Int64Exact(11174106), "22001": knownvalue.Int64Exact(11174106), "22006": knownvalue.Int64Exact(11174101),
				})),
			},
		}, {
			// Refreshing a finished job changes nothing.
			Config:   config,
			PlanOnly: true,
		}},
	})
}

// A worker failing on a resource with HTTPS disabled fails the apply with
// one diagnostic naming the resource and the cause; the resource is
// tainted, so the next apply replaces it.
func TestAccDeploymentJob_failedWorkerTaints(t *testing.T) {
	providers := quickJobs()
	url := startEmulator(t, emulator.Options{JobStep: 20 * time.Millisecond}, "").URL
	config := jobConfig(url, "[11174100]", `[22004, 20979]`)
	failure := errorPattern(`Deployment job \d+ failed`, `ended error: 1 of 2 workers failed`,
		`CDN api.example.com \(cn-hangzhou; resource 22004, certificate 11174100, worker \d+\): HTTPS is disabled on this resource`,
		`enable HTTPS in the CDN console`, `marked tainted`)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config:      config,
			ExpectError: failure,
		}, {
			// The failed job is in state, with what failed.
			RefreshState:       true,
			ExpectNonEmptyPlan: true,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(job, "status", "error"),
				resource.TestCheckResourceAttr(job, "failed_count", "1"),
				resource.TestCheckResourceAttr(job, "success_count", "1"),
				resource.TestCheckResourceAttr(job, "failed_workers.#", "1"),
				resource.TestCheckResourceAttr(job, "failed_workers.0.resource_id", "22004"),
				resource.TestCheckResourceAttr(job, "failed_workers.0.cloud_product", "CDN"),
				resource.TestCheckResourceAttr(job, "failed_workers.0.resource_domain", "api.example.com"),
				resource.TestCheckResourceAttr(job, "failed_workers.0.cert_id", "11174100"),
				resource.TestCheckResourceAttr(job, "failed_workers.0.status", "error"),
			),
		}, {
			// Tainted: the same configuration runs a new job.
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(job, plancheck.ResourceActionReplace),
			}},
			ExpectError: failure,
		}},
	})
}

// A draft (start = false) changes in place, then starts in place.
func TestAccDeploymentJob_draftEditedThenStarted(t *testing.T) {
	t.Parallel()
	providers := quickJobs()
	url := startEmulator(t, emulator.Options{JobStep: 20 * time.Millisecond}, "").URL
	sameJob := statecheck.CompareValue(compare.ValuesSame())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: jobConfig(url, "[11174106]", "[22005]", "start = false"),
			ConfigStateChecks: []statecheck.StateCheck{
				sameJob.AddStateValue(job, tfjsonpath.New("job_id")),
				statecheck.ExpectKnownValue(job, tfjsonpath.New("status"), knownvalue.StringExact("editing")),
				statecheck.ExpectKnownValue(job, tfjsonpath.New("worker_count"), knownvalue.Int64Exact(1)),
			},
		}, {
			Config: jobConfig(url, "[11174106]", "[22005, 22001]", "start = false"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(job, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				sameJob.AddStateValue(job, tfjsonpath.New("job_id")),
				statecheck.ExpectKnownValue(job, tfjsonpath.New("status"), knownvalue.StringExact("editing")),
				statecheck.ExpectKnownValue(job, tfjsonpath.New("worker_count"), knownvalue.Int64Exact(2)),
			},
		}, {
			Config: jobConfig(url, "[11174106]", "[22005, 22001]"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(job, plancheck.ResourceActionUpdate),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				sameJob.AddStateValue(job, tfjsonpath.New("job_id")),
				statecheck.ExpectKnownValue(job, tfjsonpath.New("status"), knownvalue.StringExact("success")),
				statecheck.ExpectKnownValue(job, tfjsonpath.New("success_count"), knownvalue.Int64Exact(2)),
			},
		}, {
			// A started job's settings change in place, and its observed values stay.
			Config: jobConfig(url, "[11174106]", "[22005, 22001]", "rollback_on_destroy = true"),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(job, plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue(job, tfjsonpath.New("status"), knownvalue.StringExact("success")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{sameJob.AddStateValue(job, tfjsonpath.New("job_id"))},
		}},
	})
}

// A new certificate, or a change of triggers, plans a new job.
func TestAccDeploymentJob_replacement(t *testing.T) {
	t.Parallel()
	providers := quickJobs()
	url := startEmulator(t, emulator.Options{JobStep: 20 * time.Millisecond}, "").URL
	newJob := statecheck.CompareValue(compare.ValuesDiffer())
	replaced := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(job, plancheck.ResourceActionReplace)}}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config:            jobConfig(url, "[11174106]", "[22001]", `triggers = { renewed = "2027-01" }`),
			ConfigStateChecks: []statecheck.StateCheck{newJob.AddStateValue(job, tfjsonpath.New("job_id"))},
		}, {
			Config:            jobConfig(url, "[11174101]", "[22001]", `triggers = { renewed = "2027-01" }`),
			ConfigPlanChecks:  replaced,
			ConfigStateChecks: []statecheck.StateCheck{newJob.AddStateValue(job, tfjsonpath.New("job_id"))},
		}, {
			Config:            jobConfig(url, "[11174101]", "[22001]", `triggers = { renewed = "2027-02" }`),
			ConfigPlanChecks:  replaced,
			ConfigStateChecks: []statecheck.StateCheck{newJob.AddStateValue(job, tfjsonpath.New("job_id"))},
		}},
	})
}

// A scheduled job waits for its time: it starts one step after it, by the
// emulator's clock.
func TestAccDeploymentJob_scheduledStart(t *testing.T) {
	t.Parallel()
	opts := emulator.Options{JobStep: time.Second}
	clock := fakeJobTime(&opts)
	url := startEmulator(t, opts, "").URL
	at := clock.Now().Add(5 * time.Minute).UTC()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providersOnClock(clock),
		Steps: []resource.TestStep{{
			Config: jobConfig(url, "[11174106]", "[22005]", fmt.Sprintf("schedule_time = %q", at.Format(time.RFC3339)),
				"wait_for_completion = false"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(job, tfjsonpath.New("status"), knownvalue.StringExact("pending")),
				statecheck.ExpectKnownValue(job, tfjsonpath.New("started_at"), knownvalue.Null()),
			},
		}, {
			PreConfig: func() { _ = clock.Sleep(context.Background(), 6*time.Minute) },
			Config: jobConfig(url, "[11174106]", "[22005]", fmt.Sprintf("schedule_time = %q", at.Format(time.RFC3339)),
				"wait_for_completion = false"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(job, tfjsonpath.New("status"), knownvalue.StringExact("success")),
				statecheck.ExpectKnownValue(job, tfjsonpath.New("started_at"), knownvalue.StringExact(at.Add(time.Second).Format(time.RFC3339))),
			},
		}},
	})
}

// Import by job ID rebuilds every argument, even when CAS lists no
// resources for the finished job (its workers still say which).
func TestAccDeploymentJob_import(t *testing.T) {
	providers := quickJobs()
	url := startEmulator(t, emulator.Options{JobStep: 20 * time.Millisecond, Faults: []emulator.Fault{
		{Action: "ListDeploymentJobResource", Body: ptr(`{"Data": [], "RequestId": "5B0D480B-9765-5CFD-9650-9BACCECA5135"}`)},
	}}, "").URL
	config := jobConfig(url, "[11174106, 11174101]", "[22005, 22001]")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: config,
		}, {
			Config:            config,
			ResourceName:      job,
			ImportState:       true,
			ImportStateVerify: true,
		}, {
			Config:          config,
			ResourceName:    job,
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithID,
		}, {
			Config:        config,
			ResourceName:  job,
			ImportState:   true,
			ImportStateId: "web",
			ExpectError:   errorPattern("Invalid deployment job ID", `got "web"`),
		}},
	})
}

// A job deleted outside Terraform leaves state: the next plan runs a new one.
func TestAccDeploymentJob_deletedOutsideTerraform(t *testing.T) {
	t.Parallel()
	providers := quickJobs()
	url := startEmulator(t, emulator.Options{JobStep: 20 * time.Millisecond}, "").URL
	config := jobConfig(url, "[11174106]", "[22005]")
	var deleted int64
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: config,
			Check: func(s *terraform.State) (err error) {
				deleted, err = jobIDOf(s)
				return err
			},
		}, {
			PreConfig: func() {
				if err := testClient(t, url).DeleteDeploymentJob(context.Background(), deleted); err != nil {
					t.Fatal(err)
				}
			},
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(job, plancheck.ResourceActionCreate),
			}},
			Check: func(s *terraform.State) error {
				id, err := jobIDOf(s)
				if err == nil && id == deleted {
					err = fmt.Errorf("job %d, deleted outside Terraform, is still in state", id)
				}
				return err
			},
		}},
	})
}

// Destroying a job that is processing waits for it to finish, then deletes it.
func TestAccDeploymentJob_destroyWhileProcessing(t *testing.T) {
	t.Parallel()
	opts := emulator.Options{JobStep: time.Minute}
	clock := fakeJobTime(&opts)
	url := startEmulator(t, opts, "").URL
	config := jobConfig(url, "[11174106]", "[22005]", "wait_for_completion = false")
	var id int64
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providersOnClock(clock),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(job, tfjsonpath.New("status"), knownvalue.StringExact("scheduling")),
			},
			Check: func(s *terraform.State) (err error) {
				id, err = jobIDOf(s)
				return err
			},
		}, {
			PreConfig: func() { _ = clock.Sleep(context.Background(), time.Minute) }, // scheduling -> processing
			Config:    config,
			Destroy:   true,
		}},
		CheckDestroy: func(*terraform.State) error {
			res, err := testClient(t, url).DescribeDeploymentJob(context.Background(), id)
			switch {
			case err != nil:
				return err
			case res.Job.Del == nil || !bool(*res.Job.Del):
				return fmt.Errorf("job %d is not deleted", id)
			case res.Job.Status == nil || *res.Job.Status != "success":
				return fmt.Errorf("job %d was deleted %v, not after it finished", id, res.Job.Status)
			}
			return nil
		},
	})
}

// rollback_on_destroy puts back what each resource carried before the job.
func TestAccDeploymentJob_rollbackOnDestroy(t *testing.T) {
	t.Parallel()
	providers := quickJobs()
	url := startEmulator(t, emulator.Options{JobStep: 20 * time.Millisecond}, "").URL
	var id int64
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: jobConfig(url, "[11174101]", "[22006, 22001]", "rollback_on_destroy = true"),
			Check: func(s *terraform.State) (err error) {
				id, err = jobIDOf(s)
				return err
			},
		}},
		CheckDestroy: func(*terraform.State) error {
			client := testClient(t, url)
			res, err := client.ListWorkerResource(context.Background(), cas.WorkerFilter{JobID: id})
			if err != nil {
				return err
			}
			workers := res.Workers
			for _, w := range workers {
				if w.CurrentStatus() != cas.WorkerRollbackSuccess {
					return fmt.Errorf("worker %d of job %d is %s, want rollback_success", w.ID.Value(), id, w.CurrentStatus())
				}
			}
			if len(workers) != 2 {
				return fmt.Errorf("job %d has %d workers, want 2", id, len(workers))
			}
			resources, err := client.ListDeploymentJobResource(context.Background(), id)
			if err != nil {
				return err
			}
			for _, r := range resources.Resources {
				if r.CertID.Value() != 0 { // neither carried a certificate before
					return fmt.Errorf("resource %d still carries certificate %d after the rollback", r.ID.Value(), r.CertID.Value())
				}
			}
			return nil
		},
	})
}

// A lost answer to CreateDeploymentJob (the job is created, the connection
// drops before the answer) makes one job, not two.
func TestAccDeploymentJob_lostCreateAnswer(t *testing.T) {
	t.Parallel()
	providers := quickJobs()
	e := startEmulator(t, emulator.Options{JobStep: 20 * time.Millisecond, Faults: []emulator.Fault{
		{Action: "CreateDeploymentJob", Times: 1, Drop: true, After: true},
	}}, "")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: jobConfig(e.URL, "[11174106]", "[22005]"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(job, tfjsonpath.New("status"), knownvalue.StringExact("success")),
			},
			Check: func(s *terraform.State) error {
				id, err := jobIDOf(s)
				if err != nil {
					return err
				}
				list, err := testClient(t, e.URL).ListDeploymentJobs(context.Background(), cas.DeploymentJobFilter{})
				if err != nil {
					return err
				}
				var named []int64
				for _, j := range list.Jobs {
					if j.Name.Value() == "web" {
						named = append(named, int64(*j.ID))
					}
				}
				if len(named) != 1 || named[0] != id {
					return fmt.Errorf("jobs named web: %v, want only %d", named, id)
				}
				if n := e.Stats().Outcomes["fault:drop"]; n != 1 {
					return fmt.Errorf("%d dropped answers, want 1", n)
				}
				return nil
			},
		}},
	})
}

// Polling grows its interval: a job of two minutes costs a dozen polls, not
// the 120 a fixed second would.
func TestAccDeploymentJob_pollingSlowsDown(t *testing.T) {
	t.Parallel()
	opts := emulator.Options{JobStep: time.Minute}
	clock := fakeJobTime(&opts)
	calls := &actionCounter{}
	e := startEmulator(t, opts, "", wrappedIn(calls.wrap))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providersOnClock(clock),
		Steps: []resource.TestStep{{
			Config: jobConfig(e.URL, "[11174106]", "[22005]"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(job, tfjsonpath.New("status"), knownvalue.StringExact("success")),
			},
			Check: func(*terraform.State) error {
				// The interval reaches 30 s after nine polls (1 s × 1.5^n, ±20 %), so a job of
				// two minutes ends within 9 to 13 polls, one more to see it finish.
				polls := calls.count("DescribeDeploymentJob")
				t.Logf("%d polls over %s of job time", polls, clock.Elapsed())
				if polls < 9 || polls > 16 {
					return fmt.Errorf("%d DescribeDeploymentJob calls over %s of job time, want 9 to 16", polls, clock.Elapsed())
				}
				return nil
			},
		}},
	})
}

// A wait past the create timeout fails the apply, says which job and its
// status, and that it goes on running.
func TestAccDeploymentJob_createTimeout(t *testing.T) {
	opts := emulator.Options{JobStep: 10 * time.Minute}
	clock := fakeJobTime(&opts)
	url := startEmulator(t, opts, "").URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providersOnClock(clock),
		Steps: []resource.TestStep{{
			Config: jobConfig(url, "[11174106]", "[22005]", `timeouts { create = "2m" }`),
			ExpectError: errorPattern(`Timed out waiting for the deployment job`, `Deployment job \d+ was still scheduling after the create timeout of 2m\.`,
				`goes on running in CAS`, `terraform untaint`),
		}},
	})
}

// A job that ends error after an apply that did not wait for it is
// replaced by the next plan, as a tainted one would be.
func TestAccDeploymentJob_failedLaterIsReplaced(t *testing.T) {
	t.Parallel()
	opts := emulator.Options{JobStep: time.Minute}
	clock := fakeJobTime(&opts)
	url := startEmulator(t, opts, "").URL
	config := jobConfig(url, "[11174100]", "[22004]", "wait_for_completion = false")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providersOnClock(clock),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(job, tfjsonpath.New("status"), knownvalue.StringExact("scheduling")),
			},
		}, {
			PreConfig: func() { _ = clock.Sleep(context.Background(), 2*time.Minute) }, // the job runs, and fails
			Config:    config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(job, plancheck.ResourceActionReplace),
			}},
		}},
	})
}

// An expired certificate fails its workers, and the diagnostic says so.
func TestAccDeploymentJob_expiredCertificateNamed(t *testing.T) {
	providers := quickJobs()
	url := startEmulator(t, emulator.Options{JobStep: 20 * time.Millisecond}, "").URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: jobConfig(url, "[20010001]", "[22001]"),
			ExpectError: errorPattern(`Deployment job \d+ failed`,
				`NLB nlb-m4il0xsample lsn-nlb-m4il0xsample@993 \(cn-hangzhou; resource 22001, certificate 20010001, worker \d+\): the certificate expired on`),
		}},
	})
}

// Lost answers to starting and to deleting a job: each time the job shows
// what the call did, and the apply goes on.
func TestAccDeploymentJob_lostStartAndDeleteAnswers(t *testing.T) {
	t.Parallel()
	providers := quickJobs()
	url := startEmulator(t, emulator.Options{JobStep: 20 * time.Millisecond, Faults: []emulator.Fault{
		{Action: "UpdateDeploymentJobStatus", Times: 1, Drop: true, After: true},
		{Action: "DeleteDeploymentJob", Times: 1, Drop: true, After: true},
	}}, "").URL
	var id int64
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: jobConfig(url, "[11174106]", "[22005]"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(job, tfjsonpath.New("status"), knownvalue.StringExact("success")),
			},
			Check: func(s *terraform.State) (err error) {
				id, err = jobIDOf(s)
				return err
			},
		}},
		CheckDestroy: func(*terraform.State) error {
			res, err := testClient(t, url).DescribeDeploymentJob(context.Background(), id)
			if err == nil && (res.Job.Del == nil || !bool(*res.Job.Del)) {
				err = fmt.Errorf("job %d is not deleted", id)
			}
			return err
		},
	})
}

// The documented example does what it says: uploads the renewed
// certificate, deploys it to every resource that carries the old one, and
// the next plan shows no changes.
func TestAccExample_deploymentJobResource(t *testing.T) {
	providers := quickJobs()
	example, err := os.ReadFile("../../examples/resources/alicas_deployment_job/resource.tf")
	if err != nil {
		t.Fatal(err)
	}
	url := startEmulator(t, emulator.Options{JobStep: 20 * time.Millisecond}, "").URL
	renewed := validTestCert(t, "shop.example.com", "*.shop.example.com")
	dir := t.TempDir()
	for name, content := range map[string]string{"main.tf": providerConfig(url) + string(example),
		"shop.example.com.crt": renewed.cert, "shop.example.com.key": renewed.key} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("TF_VAR_expiring_cert_id", "11174101") // carried by 20981 (SLB) and 20982 (ALB)
	resource.UnitTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			ProtoV6ProviderFactories: providers, // the directory has a provider block: the harness wants them here
			ConfigDirectory:          config.StaticDirectory(dir),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("deployed", knownvalue.StringExact("2 of 2 workers succeeded")),
				statecheck.ExpectKnownValue("alicas_deployment_job.shop", tfjsonpath.New("resource_ids"),
					knownvalue.SetExact([]knownvalue.Check{knownvalue.Int64Exact(20981), knownvalue.Int64Exact(20982)})),
			},
		}, {
			ProtoV6ProviderFactories: providers,
			ConfigDirectory:          config.StaticDirectory(dir),
			PlanOnly:                 true,
		}},
	})
}

// Polls that CAS throttles are retried, more slowly, and the apply still
// sees the job finish. (At 1 call a second, the create, start and first
// poll, sent within milliseconds, cannot all pass.)
func TestAccDeploymentJob_throttledPolling(t *testing.T) {
	t.Parallel()
	e := startEmulator(t, emulator.Options{JobStep: 100 * time.Millisecond, Faults: []emulator.Fault{{QPS: 1}}}, "")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: quickJobs(),
		Steps: []resource.TestStep{{
			Config: jobConfig(e.URL, "[11174106]", "[22005]"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(job, tfjsonpath.New("status"), knownvalue.StringExact("success")),
			},
			Check: func(*terraform.State) error {
				if n := e.Stats().Outcomes["Throttling.User"]; n == 0 {
					return fmt.Errorf("no call was throttled: %+v", e.Stats())
				}
				return nil
			},
		}},
	})
}

// processingJob starts a job that is processing on the fake clock, and
// the resource and state that destroy it.
func processingJob(t *testing.T) (*clocktest.Clock, *cas.Client, *deploymentJobResource, tfsdk.State, int64) {
	t.Helper()
	opts := emulator.Options{JobStep: time.Minute}
	clock := fakeJobTime(&opts)
	client := testClientOn(t, startEmulator(t, opts, "").URL, clock)
	bg := context.Background()
	jobID, err := client.CreateDeploymentJob(bg, cas.CreateDeploymentJobRequest{Name: "web", JobType: cas.JobTypeUser,
		CertIDs: []int64{11174106}, ResourceIDs: []int64{22005}, ContactIDs: []int64{3304}})
	if err != nil {
		t.Fatal(err)
	}
	if err := client.UpdateDeploymentJobStatus(bg, jobID, cas.JobScheduling); err != nil {
		t.Fatal(err)
	}
	_ = clock.Sleep(bg, time.Minute) // scheduling -> processing
	// The first poll comes after the interrupt, and after the delete timeout.
	r := &deploymentJobResource{configuredResource{client: client, engine: lifecycle.New(client, lifecycle.Polling{Floor: time.Hour, Ceiling: time.Hour}, nil)}}
	var schemaResp fwresource.SchemaResponse
	r.Schema(bg, fwresource.SchemaRequest{}, &schemaResp)
	state := tfsdk.State{Schema: schemaResp.Schema, Raw: tftypes.NewValue(schemaResp.Schema.Type().TerraformType(bg), nil)}
	if diags := state.SetAttribute(bg, path.Root("job_id"), jobID); diags.HasError() {
		t.Fatal(diags)
	}
	return clock, client, r, state, jobID
}

// checkNotDeleted checks that Delete ended with an error that says the
// job was not deleted (a Delete without one drops the job from state, and
// nothing would delete it later), and that it was not.
func checkNotDeleted(t *testing.T, client *cas.Client, jobID int64, resp fwresource.DeleteResponse, wants ...string) {
	t.Helper()
	if !resp.Diagnostics.HasError() {
		t.Fatalf("Delete ended without an error, so Terraform drops the job from state: %v", resp.Diagnostics)
	}
	detail := resp.Diagnostics.Errors()[0].Detail()
	for _, want := range append(wants, "was not deleted", "stays in state", "terraform destroy again") {
		if !strings.Contains(detail, want) {
			t.Errorf("detail %q says nothing of %q", detail, want)
		}
	}
	res, err := client.DescribeDeploymentJob(context.Background(), jobID)
	if err != nil || res.Job.CurrentStatus() == cas.JobDeleted {
		t.Errorf("the job after Delete: %+v, %v; want it still there", res, err)
	}
}

// Ctrl-C while destroy waits for a processing job leaves it in state.
func TestDeploymentJobDeleteInterrupted(t *testing.T) {
	t.Parallel()
	clock, client, r, state, jobID := processingJob(t)
	bg := context.Background()
	resp := fwresource.DeleteResponse{State: state}
	ctx, interrupt := context.WithCancel(bg)
	defer interrupt()
	clock.Go(func() { r.Delete(ctx, fwresource.DeleteRequest{State: state}, &resp) })
	clock.Go(func() {
		_ = clock.Sleep(bg, 30*time.Second) // Delete is waiting by then: time moves only when both sleep
		interrupt()
	})
	clock.Wait()
	checkNotDeleted(t, client, jobID, resp, "interrupted")
}

// A destroy that waits past its timeout leaves the job in state too.
func TestDeploymentJobDeleteTimedOut(t *testing.T) {
	t.Parallel()
	_, client, r, state, jobID := processingJob(t)
	resp := fwresource.DeleteResponse{State: state}
	r.Delete(context.Background(), fwresource.DeleteRequest{State: state}, &resp)
	checkNotDeleted(t, client, jobID, resp, "after the delete timeout of 10m,", `timeouts { delete = "30m" }`)
}

// A schedule_time in the past is an error on the attribute at plan time,
// not at apply in milliseconds; TestAccDeploymentJob_scheduledStart shows
// that a job's own time, once passed, breaks no later plan.
func TestAccDeploymentJob_scheduleTimeInThePast(t *testing.T) {
	url := startEmulator(t, emulator.Options{}, "").URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: jobConfig(url, "[11174106]", "[22005]", `schedule_time = "2020-01-01T02:00:00Z"`),
			ExpectError: errorPattern("schedule_time is in the past", `with alicas_deployment_job.web`,
				`schedule_time is "2020-01-01T02:00:00Z", which is not in the future`,
				"Give a later RFC 3339 time such as", "or leave schedule_time out"),
			PlanOnly: true,
		}},
	})
}

// A draft rescheduled into the past gets the same error; its unchanged
// time is not checked again.
func TestAccDeploymentJob_draftRescheduledIntoThePast(t *testing.T) {
	url := startEmulator(t, emulator.Options{}, "").URL
	later := time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339)
	draft := func(at string) string {
		return jobConfig(url, "[11174106]", "[22005]", "start = false", fmt.Sprintf("schedule_time = %q", at))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: draft(later),
		}, {
			Config:      draft("2020-01-01T02:00:00Z"),
			ExpectError: errorPattern("schedule_time is in the past", `schedule_time is "2020-01-01T02:00:00Z"`),
		}},
	})
}

// A 403 on a write names the operation, the RAM action it needs and the
// policy that grants writes; the read-only policy would not help.
func TestAccDeploymentJob_permissionDeniedNamesTheAction(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{Faults: []emulator.Fault{{Action: "CreateDeploymentJob",
		Fail: &emulator.Failure{Code: "Forbidden.RAM", Status: 403, Message: "User not authorized."}}}}, "").URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: jobConfig(url, "[11174106]", "[22005]"),
			ExpectError: errorPattern(`Could not create the deployment job \(CreateDeploymentJob\)`, `HTTP 403 with Code Forbidden.RAM`,
				`grant it the RAM action yundun-cert:CreateDeploymentJob`, `AliyunYundunCertFullAccess`),
		}},
	})
}
