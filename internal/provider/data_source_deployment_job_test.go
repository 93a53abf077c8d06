package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

const jobAddress = "data.alicas_deployment_job.test"

// jobFixture: a job with every field DescribeDeploymentJob has (IDs in its
// config above 2^53 and as strings), one whose config is not JSON, one with
// an empty config object, and one in the old fixture shape (only its Id).
const jobFixture = `{"jobs": {
  "8888": {"job": {"Name": "web-frontends-2026", "InstanceId": "cas-job-user-0gvntn", "JobType": "user", "Status": "success",
    "CertDomain": "www.example.com", "CertType": "buy", "ProductName": "CDN", "Del": "0", "Rollback": 0, "UserId": 1666884372152785,
    "GmtCreate": "1772442900000", "GmtModified": "1779260531000", "ScheduleTime": "1779260400000", "StartTime": "1779260403000",
    "EndTime": "1779260531000",
    "Config": "{\"shareCertIds\":[],\"certIds\":[11174100,\"9007199254740993\"]}",
    "CasContacts": [
      {"Id": "3304", "Name": "Li Wei", "Email": "ops@example.com", "Mobile": "139****0000"},
      {"Id": "3317", "Name": "王芳"}
    ]}},
  "9001": {"job": {"Name": "odd-config", "Config": "certIds=1,2", "CasContacts": []}},
  "9002": {"job": {"Name": "empty-config", "Config": "{}"}},
  "9003": []
}}`

func TestAccDeploymentJob_mapping(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, jobFixture).URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "alicas_deployment_job" "test" {
  job_id = 8888
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("job_id"), knownvalue.Int64Exact(8888)),
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("id"), knownvalue.Int64Exact(8888)),
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("name"), knownvalue.StringExact("web-frontends-2026")),
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("instance_id"), knownvalue.StringExact("cas-job-user-0gvntn")),
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("job_type"), knownvalue.StringExact("user")),
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("status"), knownvalue.StringExact("success")),
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("cert_domain"), knownvalue.StringExact("www.example.com")),
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("cert_type"), knownvalue.StringExact("buy")),
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("product_name"), knownvalue.StringExact("CDN")),
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("del"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("rollback"), knownvalue.Bool(false)),
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("user_id"), knownvalue.Int64Exact(1666884372152785)),
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("gmt_create"), knownvalue.Int64Exact(1772442900000)),
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("created_at"), knownvalue.StringExact("2026-03-02T09:15:00Z")),
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("modified_at"), knownvalue.StringExact("2026-05-20T07:02:11Z")),
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("scheduled_at"), knownvalue.StringExact("2026-05-20T07:00:00Z")),
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("started_at"), knownvalue.StringExact("2026-05-20T07:00:03Z")),
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("end_time"), knownvalue.Int64Exact(1779260531000)),
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("ended_at"), knownvalue.StringExact("2026-05-20T07:02:11Z")),
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("config"), knownvalue.StringExact(`{"shareCertIds":[],"certIds":[11174100,"9007199254740993"]}`)),
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("cert_ids"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.Int64Exact(11174100), knownvalue.Int64Exact(9007199254740993),
				})),
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("share_cert_ids"), knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("contacts"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id": knownvalue.StringExact("3304"), "name": knownvalue.StringExact("Li Wei"),
						"email": knownvalue.StringExact("ops@example.com"), "mobile": knownvalue.StringExact("139****0000"),
					}),
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"id": knownvalue.StringExact("3317"), "name": knownvalue.StringExact("王芳"),
						"email": knownvalue.Null(), "mobile": knownvalue.Null(),
					}),
				})),
			},
		}},
	})
}

// A config that is not JSON stays readable as text and decodes to nothing;
// absent parts of it, and a job with nothing but its Id, are null.
func TestAccDeploymentJob_sparseAnswers(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, jobFixture).URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "alicas_deployment_job" "odd" {
  job_id = 9001
}
data "alicas_deployment_job" "empty" {
  job_id = 9002
}
data "alicas_deployment_job" "bare" {
  job_id = 9003
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.alicas_deployment_job.odd", tfjsonpath.New("config"), knownvalue.StringExact("certIds=1,2")),
				statecheck.ExpectKnownValue("data.alicas_deployment_job.odd", tfjsonpath.New("cert_ids"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.alicas_deployment_job.odd", tfjsonpath.New("share_cert_ids"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.alicas_deployment_job.odd", tfjsonpath.New("contacts"), knownvalue.ListExact([]knownvalue.Check{})),
				statecheck.ExpectKnownValue("data.alicas_deployment_job.empty", tfjsonpath.New("cert_ids"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.alicas_deployment_job.empty", tfjsonpath.New("contacts"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.alicas_deployment_job.bare", tfjsonpath.New("id"), knownvalue.Int64Exact(9003)),
				statecheck.ExpectKnownValue("data.alicas_deployment_job.bare", tfjsonpath.New("name"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.alicas_deployment_job.bare", tfjsonpath.New("config"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.alicas_deployment_job.bare", tfjsonpath.New("cert_ids"), knownvalue.Null()),
			},
		}},
	})
}

func TestAccDeploymentJob_notFound(t *testing.T) {
	url := startEmulator(t, emulator.Options{}, jobFixture).URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "alicas_deployment_job" "test" {
  job_id = 424242
}
`,
			ExpectError: errorPattern("Deployment job not found", `with data.alicas_deployment_job.test`, "job_id = 424242",
				"DescribeDeploymentJob answered with no job for job_id 424242 \\(RequestId: "+requestIDPattern+"\\)",
				`find it with data "alicas_deployment_jobs"`),
		}},
	})
}

func TestAccDeploymentJob_errors(t *testing.T) {
	// An odd value of a job's field is null (odd_values_test.go); one of the
	// fields every answer carries fails the read.
	url := startEmulator(t, emulator.Options{}, `{"jobs": {"8888": {"job": {"UserId": "me", "Message": ["x"]}}}}`).URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: providerConfig(url) + `
data "alicas_deployment_job" "test" {
  job_id = 0
}
`,
				ExpectError: errorPattern("Invalid job_id", "job_id must be a whole number of at least 1, got 0"),
			},
			{
				Config: providerConfig(url) + `
data "alicas_deployment_job" "test" {
  job_id = 8888
}
`,
				ExpectError: errorPattern("Could not read deployment job 8888",
					`DescribeDeploymentJob gave an answer the provider cannot use \(HTTP 200\): Message: want a string, got \["x"\]`),
			},
		},
	})
}
