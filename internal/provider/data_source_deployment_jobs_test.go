package provider

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

const jobsAddress = "data.alicas_deployment_jobs.test"

// jobsFixture: a job with every field (times as strings of milliseconds, the
// flags as numbers and strings, a UserId above 2^53), one in the old fixture
// shape (certificates only: the API lists its Id and nothing else), and two
// more for the filters. Listed newest (highest Id) first.
const jobsFixture = `{"jobs": {
  "8888": {"job": {"Name": "web-frontends-2026", "InstanceId": "cas-job-user-0gvntn", "JobType": "user", "Status": "success",
    "CertDomain": "www.example.com,shop.example.com", "CertType": "buy", "ProductName": "CDN,SLB", "Del": 0, "Rollback": "1",
    "UserId": 9007199254740993, "GmtCreate": "1772442900000", "GmtModified": "1779260531000", "ScheduleTime": "1779260400000",
    "StartTime": "1779260403000", "EndTime": 1779260531, "Config": "{\"certIds\":[1]}", "CasContacts": []}},
  "9001": [],
  "9002": {"job": {"Name": "web-multicloud", "JobType": "cloud", "Status": "error"}},
  "9003": {"job": {"Name": "api-gateway", "JobType": "user", "Status": "error", "Del": "1"}}
}}`

func TestAccDeploymentJobs_mapping(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, jobsFixture).URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "alicas_deployment_jobs" "test" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(jobsAddress, tfjsonpath.New("job_type"), knownvalue.Null()),
				statecheck.ExpectKnownValue(jobsAddress, tfjsonpath.New("ids"), stringsExact("9003", "9002", "9001", "8888")),
				statecheck.ExpectKnownValue(jobsAddress, tfjsonpath.New("names"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("api-gateway"), knownvalue.StringExact("web-multicloud"), knownvalue.Null(), knownvalue.StringExact("web-frontends-2026"),
				})),
				statecheck.ExpectKnownValue(jobsAddress, tfjsonpath.New("jobs").AtSliceIndex(0).AtMapKey("del"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue(jobsAddress, tfjsonpath.New("jobs").AtSliceIndex(2), knownvalue.ObjectExact(onlyJobID(9001))),
				statecheck.ExpectKnownValue(jobsAddress, tfjsonpath.New("jobs").AtSliceIndex(3), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":            knownvalue.Int64Exact(8888),
					"name":          knownvalue.StringExact("web-frontends-2026"),
					"instance_id":   knownvalue.StringExact("cas-job-user-0gvntn"),
					"job_type":      knownvalue.StringExact("user"),
					"status":        knownvalue.StringExact("success"),
					"cert_domain":   knownvalue.StringExact("www.example.com,shop.example.com"),
					"cert_type":     knownvalue.StringExact("buy"),
					"product_name":  knownvalue.StringExact("CDN,SLB"),
					"del":           knownvalue.Bool(false),
					"rollback":      knownvalue.Bool(true),
					"user_id":       knownvalue.Int64Exact(9007199254740993),
					"gmt_create":    knownvalue.Int64Exact(1772442900000),
					"created_at":    knownvalue.StringExact("2026-03-02T09:15:00Z"),
					"gmt_modified":  knownvalue.Int64Exact(1779260531000),
					"modified_at":   knownvalue.StringExact("2026-05-20T07:02:11Z"),
					"schedule_time": knownvalue.Int64Exact(1779260400000),
					"scheduled_at":  knownvalue.StringExact("2026-05-20T07:00:00Z"),
					"start_time":    knownvalue.Int64Exact(1779260403000),
					"started_at":    knownvalue.StringExact("2026-05-20T07:00:03Z"),
					"end_time":      knownvalue.Int64Exact(1779260531), // seconds, as the docs say
					"ended_at":      knownvalue.StringExact("2026-05-20T07:02:11Z"),
				})),
			},
		}},
	})
}

func TestAccDeploymentJobs_filters(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, jobsFixture).URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "alicas_deployment_jobs" "failed" {
  status = "error"
}
data "alicas_deployment_jobs" "user" {
  job_type = "user"
}
data "alicas_deployment_jobs" "web" {
  name_regex = "^web-"
}
data "alicas_deployment_jobs" "failed_web_users" {
  job_type   = "user"
  status     = "error"
  name_regex = "web"
}
data "alicas_deployment_jobs" "processing" {
  status = "processing"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.alicas_deployment_jobs.failed", tfjsonpath.New("ids"), stringsExact("9003", "9002")),
				statecheck.ExpectKnownValue("data.alicas_deployment_jobs.user", tfjsonpath.New("ids"), stringsExact("9003", "8888")),
				statecheck.ExpectKnownValue("data.alicas_deployment_jobs.web", tfjsonpath.New("ids"), stringsExact("9002", "8888")),
				statecheck.ExpectKnownValue("data.alicas_deployment_jobs.web", tfjsonpath.New("names"), stringsExact("web-multicloud", "web-frontends-2026")),
				statecheck.ExpectKnownValue("data.alicas_deployment_jobs.failed_web_users", tfjsonpath.New("ids"), stringsExact()),
				statecheck.ExpectKnownValue("data.alicas_deployment_jobs.failed_web_users", tfjsonpath.New("jobs"), knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownValue("data.alicas_deployment_jobs.processing", tfjsonpath.New("names"), stringsExact()),
			},
		}},
	})
}

// An account without jobs gives empty lists, not nulls, so length() and
// for_each work on it.
func TestAccDeploymentJobs_emptyAccount(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, `{"jobs": {}}`).URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "alicas_deployment_jobs" "test" {}
output "count" {
  value = length(data.alicas_deployment_jobs.test.ids)
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(jobsAddress, tfjsonpath.New("ids"), stringsExact()),
				statecheck.ExpectKnownValue(jobsAddress, tfjsonpath.New("names"), stringsExact()),
				statecheck.ExpectKnownValue(jobsAddress, tfjsonpath.New("jobs"), knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownOutputValue("count", knownvalue.Int64Exact(0)),
			},
		}},
	})
}

// manyJobs is a fixture of n jobs with IDs 1001.. and the ids the provider
// must list for them: newest first, each once.
func manyJobs(n int) (fixture string, ids []string) {
	var entries []string
	for i := range n {
		id := 1001 + i
		entries = append(entries, fmt.Sprintf(`"%d": {"job": {"Name": "job-%d", "Status": "success"}}`, id, id))
		ids = append([]string{strconv.Itoa(id)}, ids...)
	}
	return `{"jobs": {` + strings.Join(entries, ",") + `}}`, ids
}

// 130 jobs are three pages of 50: every one is listed, in order, once. The
// account may change while the pages are read, as the service's does.
func TestAccDeploymentJobs_paging(t *testing.T) {
	t.Parallel()
	fixture, all := manyJobs(130)
	// Two jobs deleted while listing: the newest, and every job shifts one
	// place towards page 1. The one that moves onto a page already read is
	// missed (jobs 1080 and 1029 here), as on the service: the listing is
	// offset-paged. Nothing is listed twice, nothing loops.
	var afterDeletes []string
	for _, id := range all {
		if id != "1080" && id != "1029" {
			afterDeletes = append(afterDeletes, id)
		}
	}
	cases := []struct {
		name   string
		change int
		want   []string
	}{
		{"steady", 0, all},
		// A job created before each page after the first: each page
		// begins with the last job of the one before, and Total overshoots.
		{"jobs created while listing", 1, all},
		{"jobs deleted while listing", -1, afterDeletes},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			url := startEmulator(t, emulator.Options{JobsChangePerPage: tc.change}, fixture).URL
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProviders,
				Steps: []resource.TestStep{{
					Config: providerConfig(url) + `
data "alicas_deployment_jobs" "test" {}
`,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(jobsAddress, tfjsonpath.New("ids"), stringsExact(tc.want...)),
						statecheck.ExpectKnownValue(jobsAddress, tfjsonpath.New("jobs"), knownvalue.ListSizeExact(len(tc.want))),
					},
				}},
			})
		})
	}
}

// A listing whose Total keeps running ahead of it ends with one diagnostic
// after the page cap instead of running forever.
func TestAccDeploymentJobs_endlessListingStops(t *testing.T) {
	fixture, _ := manyJobs(60) // more than page 1, so Total is not reached at once
	url := startEmulator(t, emulator.Options{JobsChangePerPage: 60}, fixture).URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			// The default pace: the emulator never throttles, so the 1000 pages go at once.
			Config: providerConfig(url) + `
data "alicas_deployment_jobs" "test" {}
`,
			ExpectError: errorPattern("Could not list deployment jobs",
				"ListDeploymentJob gave an answer the provider cannot use \\(HTTP 200\\): the listing did not end within 1000 pages of 50",
				"Total keeps moving ahead", "narrow the listing with filters", "RequestId: "+requestIDPattern),
		}},
	})
}

// A listed job without an ID cannot be used anywhere: the read fails,
// naming it, instead of storing a job with a null ID.
func TestAccDeploymentJobs_jobWithoutID(t *testing.T) {
	url := startEmulator(t, emulator.Options{}, `{"jobs": {"8888": [], "9001": {"job": {"Id": null, "Name": "nameless"}}}}`).URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "alicas_deployment_jobs" "test" {}
`,
			ExpectError: errorPattern("Could not list deployment jobs",
				"ListDeploymentJob gave an answer the provider cannot use \\(HTTP 200\\): Data\\[0\\] has no Id \\(page 1\\)",
				"RequestId: "+requestIDPattern),
		}},
	})
}

func TestAccDeploymentJobs_validation(t *testing.T) {
	cases := []struct{ config, want string }{
		{`status = "done"`, `Attribute status value must be one of: \["pending" "editing" "scheduling" "processing" "error" "success"\], got: "done"`},
		{`job_type = "User"`, `Attribute job_type value must be one of: \["cloud" "user" "trustee"\], got: "User"`},
		{`name_regex = "web-("`, `Invalid regular expression.*name_regex is not a valid regular expression \(RE2 syntax, as Terraform's regex\(\)\): error parsing regexp: missing closing \)`},
	}
	for _, tc := range cases {
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProviders,
			Steps: []resource.TestStep{{
				Config: providerConfig("http://127.0.0.1:1") + `
data "alicas_deployment_jobs" "test" {
  ` + tc.config + `
}
`,
				ExpectError: errorPattern(tc.want),
			}},
		})
	}
}

func TestAccDeploymentJobs_wrongSecret(t *testing.T) {
	url := startEmulator(t, emulator.Options{}, jobsFixture).URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerBlock(url, "", keysArguments(emulator.DefaultAccessKeyID, "not-the-secret")) + `
data "alicas_deployment_jobs" "test" {}
`,
			ExpectError: errorPattern("Could not list deployment jobs",
				"ListDeploymentJob answered HTTP 400 with Code SignatureDoesNotMatch:", "RequestId: "+requestIDPattern),
		}},
	})
}

// The whole picture as data: find the job by name, then read its details,
// certificates and resources with the ID the listing gave.
func TestAccDeploymentJobs_chain(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, "").URL // the default fixture
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: providerConfig(url) + `
data "alicas_deployment_jobs" "web" {
  name_regex = "^web-frontends"
  status     = "success"
}
data "alicas_deployment_job" "web" {
  job_id = one(data.alicas_deployment_jobs.web.ids)
}
data "alicas_deployment_job_certs" "web" {
  for_each = toset(data.alicas_deployment_jobs.web.ids)
  job_id   = each.value
}
data "alicas_deployment_job_resources" "web" {
  for_each = toset(data.alicas_deployment_jobs.web.ids)
  job_id   = each.value
}
output "job" {
  value = data.alicas_deployment_job.web.name
}
output "cert_names" {
  value = [
    for c in [for c in data.alicas_deployment_job_certs.web["8888"].certificates : c if c.cert_id != null] :
    c.cert_name if contains(data.alicas_deployment_job.web.cert_ids, c.cert_id)
  ]
}
output "products" {
  value = distinct([for r in data.alicas_deployment_job_resources.web["8888"].resources : r.cloud_product])
}
`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.alicas_deployment_jobs.web", tfjsonpath.New("ids"), stringsExact("8888")),
					statecheck.ExpectKnownOutputValue("job", knownvalue.StringExact("web-frontends-2026")),
					statecheck.ExpectKnownOutputValue("cert_names", stringsExact("example.com-2026", "shop.example.com", "legacy-api (uploaded)", "政务服务平台-国密证书")),
					statecheck.ExpectKnownOutputValue("products", stringsExact("CDN", "SLB", "ALB", "WAF", "DCDN")),
				},
			},
			endWithoutForEach(url),
		},
	})
}

func stringsExact(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.ListExact(checks)
}

// onlyJobID is a job the API sent with its Id and nothing else.
func onlyJobID(id int64) map[string]knownvalue.Check {
	checks := map[string]knownvalue.Check{}
	for name := range deploymentJob.typ.AttributeTypes {
		checks[name] = knownvalue.Null()
	}
	checks["id"] = knownvalue.Int64Exact(id)
	return checks
}

// endWithoutForEach is a last step for tests whose configuration uses
// for_each: terraform-plugin-testing reads the final state through a legacy
// shim that refuses for_each instances ("for_each is not supported"), so the
// test ends on a configuration without them.
func endWithoutForEach(url string) resource.TestStep {
	return resource.TestStep{Config: providerConfig(url)}
}

// The documented examples run against the emulator's sample account and
// give what they promise.
func TestAccExample_deploymentJobsAndJob(t *testing.T) {
	t.Parallel()
	jobs, err := os.ReadFile("../../examples/data-sources/alicas_deployment_jobs/data-source.tf")
	if err != nil {
		t.Fatal(err)
	}
	job, err := os.ReadFile("../../examples/data-sources/alicas_deployment_job/data-source.tf")
	if err != nil {
		t.Fatal(err)
	}
	config := string(jobs) + string(job)
	url := startEmulator(t, emulator.Options{}, "").URL // the default fixture
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: providerConfig(url) + config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("failed_jobs", knownvalue.MapExact(map[string]knownvalue.Check{
						"9001": knownvalue.StringExact("blog-free-certificate (OSS) ended 2026-08-31T00:05:00Z"),
					})),
					statecheck.ExpectKnownValue("data.alicas_deployment_job_certs.web[\"8888\"]", tfjsonpath.New("certificates"), knownvalue.ListSizeExact(5)),
					statecheck.ExpectKnownOutputValue("web_job", knownvalue.ObjectExact(map[string]knownvalue.Check{
						"name":     knownvalue.StringExact("web-frontends-2026"),
						"status":   knownvalue.StringExact("success"),
						"finished": knownvalue.StringExact("2026-05-20T07:02:11Z"),
						"cert_ids": knownvalue.ListExact([]knownvalue.Check{knownvalue.Int64Exact(11174100), knownvalue.Int64Exact(11174101), knownvalue.Int64Exact(11174102), knownvalue.Int64Exact(11174104)}),
						"notify":   stringsExact("ops@example.com", "security@example.com"),
					})),
				},
			},
			endWithoutForEach(url),
		},
	})
}
