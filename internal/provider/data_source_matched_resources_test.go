package provider

import (
	"os"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

const matchedResourcesAddress = "data.alicas_matched_resources.test"

// The sample *.example.io certificate fits exactly the account's resources
// under example.io, of every cloud, whatever they carry now; two
// certificates fit where either does.
func TestAccMatchedResources_domains(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, "").URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "alicas_matched_resources" "test" {
  certificate_ids = [11174106]
}
data "alicas_matched_resources" "both" {
  certificate_ids = [11174101, 11174106]
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				// www.example.io (ALB) and cdn.example.io (Tencent CDN); not the NLB listener without a domain.
				statecheck.ExpectKnownValue(matchedResourcesAddress, tfjsonpath.New("ids"), stringsExact("22005", "22007")),
				statecheck.ExpectKnownValue(matchedResourcesAddress, tfjsonpath.New("resources").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id": knownvalue.Int64Exact(22005), "cloud_name": knownvalue.StringExact("aliyun"), "cloud_product": knownvalue.StringExact("ALB"),
					"domain": knownvalue.StringExact("www.example.io"), "listener_port": knownvalue.StringExact("443"), "cert_id": knownvalue.Null(),
				})),
				statecheck.ExpectKnownValue(matchedResourcesAddress, tfjsonpath.New("resources").AtSliceIndex(1), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id": knownvalue.Int64Exact(22007), "cloud_name": knownvalue.StringExact("Tencent"),
					"cloud_product": knownvalue.StringExact("TencentCDN"), "domain": knownvalue.StringExact("cdn.example.io"),
				})),
				// shop.example.com and *.shop.example.com add the SLB and ALB that carry 11174101 and the WAF site that does not.
				statecheck.ExpectKnownValue("data.alicas_matched_resources.both", tfjsonpath.New("ids"),
					stringsExact("20981", "20982", "22005", "22006", "22007")),
			},
		}},
	})
}

// An empty set, no set, or an ID that is no certificate ID fail at plan
// time, before any call.
func TestAccMatchedResources_argumentErrors(t *testing.T) {
	t.Parallel()
	argumentErrors(t, "alicas_matched_resources", map[string]string{
		`certificate_ids = []`:    `Attribute certificate_ids set must contain at least 1 elements`,
		`certificate_ids = [0]`:   `Each element of certificate_ids must be a whole number of at least 1, got 0`,
		`certificate_ids = [1.5]`: `Each element of certificate_ids must be a whole number of at least 1, got 1.5`,
		``:                        `The argument "certificate_ids" is required`,
	})
}

// A certificate the account does not hold is CAS's refusal, named.
func TestAccMatchedResources_unknownCertificate(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, "").URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + `
data "alicas_matched_resources" "test" {
  certificate_ids = [99999999, 11174106]
}
`,
			ExpectError: errorPattern(`Could not find the resources matching certificates \[11174106 99999999\]`, "NotFound.Certificate", requestIDPattern),
		}},
	})
}

// The documented example deploys the shop's current certificate to every
// resource its names cover, and the next plan shows no changes.
func TestAccExample_matchedResources(t *testing.T) {
	t.Parallel()
	example, err := os.ReadFile("../../examples/data-sources/alicas_matched_resources/data-source.tf")
	if err != nil {
		t.Fatal(err)
	}
	url := startEmulator(t, emulator.Options{JobStep: 20 * time.Millisecond}, "").URL
	providers := quickJobs()
	cfg := providerConfig(url) + string(example)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("targets", knownvalue.MapExact(map[string]knownvalue.Check{
					"20981": knownvalue.StringExact("aliyun SLB shop.example.com"),
					"20982": knownvalue.StringExact("aliyun ALB api.shop.example.com"),
					"22006": knownvalue.StringExact("aliyun WAF m.shop.example.com"),
				})),
				statecheck.ExpectKnownValue("alicas_deployment_job.web", tfjsonpath.New("resource_ids"), knownvalue.SetExact([]knownvalue.Check{
					knownvalue.Int64Exact(20981), knownvalue.Int64Exact(20982), knownvalue.Int64Exact(22006),
				})),
				statecheck.ExpectKnownValue("alicas_deployment_job.web", tfjsonpath.New("status"), knownvalue.StringExact("success")),
			},
		}, {
			Config:   cfg,
			PlanOnly: true,
		}},
	})
}
