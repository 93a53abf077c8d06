package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// oddFixture: what the official SDKs' string-typed fields let through. Job
// 102 never ran ("" for its times); job 101 has a date-time text for a
// timestamp and 2 for a 1/0 flag, and a contact with an object for a name.
const oddFixture = `{"jobs": {
  "101": {"job": {"Name": "odd", "Status": "success", "GmtCreate": "2026-05-20 07:02:11", "Rollback": 2, "Del": "0",
                  "GmtModified": "1779260531000", "CasContacts": [{"Id": "1", "Name": {"zh": "李"}}, {"Id": "2", "Name": "Li"}]},
          "certificates": [{"CertId": 1, "NotAfterTime": 1.5, "CertName": "a"}, {"CertId": 2, "NotAfterTime": ""}],
          "resources": [{"Id": 7, "EnableHttps": 2, "Domain": "a.example"}]},
  "102": {"job": {"Name": "never ran", "Status": "editing", "StartTime": "", "EndTime": "", "GmtCreate": "1772442900000"}}
}}`

// An odd value in one field of one item never fails a read: it is null,
// and every other value is exact. "" where a time goes is null.
func TestAccOddValuesAreNull(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, oddFixture).URL
	job := func(fields map[string]knownvalue.Check) knownvalue.Check { return knownvalue.ObjectPartial(fields) }
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "alicas_deployment_jobs" "test" {}
data "alicas_deployment_job" "test" {
  job_id = 101
}
data "alicas_deployment_job_certs" "test" {
  job_id = 101
}
data "alicas_deployment_job_resources" "test" {
  job_id = 101
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(jobsAddress, tfjsonpath.New("jobs"), knownvalue.ListExact([]knownvalue.Check{
					job(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(102), "name": knownvalue.StringExact("never ran"),
						"start_time": knownvalue.Null(), "started_at": knownvalue.Null(), "end_time": knownvalue.Null(), "ended_at": knownvalue.Null(),
						"gmt_create": knownvalue.Int64Exact(1772442900000), "created_at": knownvalue.StringExact("2026-03-02T09:15:00Z")}),
					job(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(101), "name": knownvalue.StringExact("odd"),
						"gmt_create": knownvalue.Null(), "created_at": knownvalue.Null(), "rollback": knownvalue.Null(), "del": knownvalue.Bool(false),
						"gmt_modified": knownvalue.Int64Exact(1779260531000)}),
				})),
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("rollback"), knownvalue.Null()),
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("name"), knownvalue.StringExact("odd")),
				statecheck.ExpectKnownValue(jobAddress, tfjsonpath.New("contacts"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{"id": knownvalue.StringExact("1"), "name": knownvalue.Null(),
						"email": knownvalue.Null(), "mobile": knownvalue.Null()}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact("2"), "name": knownvalue.StringExact("Li")}),
				})),
				statecheck.ExpectKnownValue(certsAddress, tfjsonpath.New("certificates"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"cert_id": knownvalue.Int64Exact(1), "cert_name": knownvalue.StringExact("a"),
						"not_after_time": knownvalue.Null(), "not_after": knownvalue.Null()}),
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"cert_id": knownvalue.Int64Exact(2), "not_after_time": knownvalue.Null()}),
				})),
				statecheck.ExpectKnownValue(resourcesAddress, tfjsonpath.New("resources"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.Int64Exact(7), "enable_https": knownvalue.Null(),
						"domain": knownvalue.StringExact("a.example")}),
				})),
			},
		}},
	})
}

// Each data source gives one warning for its odd values, naming the item,
// the field and the value as sent; "" is not odd.
func TestOddValuesWarnOncePerDataSource(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, oddFixture).URL
	job101 := map[string]tftypes.Value{"job_id": tftypes.NewValue(tftypes.Number, 101)}
	for _, c := range []struct {
		typeName string
		args     map[string]tftypes.Value
		lines    []string
	}{
		{"alicas_deployment_jobs", nil, []string{"ListDeploymentJob sent 2 value(s)",
			`- jobs[1] (Id 101): GmtCreate = "2026-05-20 07:02:11"`, "- jobs[1] (Id 101): Rollback = 2"}},
		{"alicas_deployment_job", job101, []string{"DescribeDeploymentJob sent 3 value(s)",
			`- job 101: GmtCreate = "2026-05-20 07:02:11"`, "- job 101: Rollback = 2", `- job 101: CasContacts[0].Name = {"zh":"李"}`}},
		{"alicas_deployment_job_certs", job101, []string{"ListDeploymentJobCert sent 1 value(s)",
			"- certificates[0] (CertId 1): NotAfterTime = 1.5"}},
		{"alicas_deployment_job_resources", job101, []string{"ListDeploymentJobResource sent 1 value(s)",
			"- resources[0] (Id 7): EnableHttps = 2"}},
	} {
		resp := dataSourceReader(t, url, c.typeName)(c.args)
		if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityWarning {
			t.Errorf("%s: want one warning, got %v", c.typeName, resp.Diagnostics)
			continue
		}
		d := resp.Diagnostics[0]
		if d.Summary != "Some values from CAS could not be read" || strings.Count(d.Detail, "\n- ") != len(c.lines)-1 {
			t.Errorf("%s: %s\n%s", c.typeName, d.Summary, d.Detail)
		}
		for _, line := range c.lines {
			if !strings.Contains(d.Detail, line) {
				t.Errorf("%s: the warning lacks %q:\n%s", c.typeName, line, d.Detail)
			}
		}
	}
}
