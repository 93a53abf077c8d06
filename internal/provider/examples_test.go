package provider

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// The documented example must do what it says: list the certificates that
// expire within 30 days, and nothing else.
func TestAccExample_deploymentJobCertsExpiringSoon(t *testing.T) {
	example, err := os.ReadFile("../../examples/data-sources/alicas_deployment_job_certs/data-source.tf")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	soon := now.Add(10 * 24 * time.Hour).Truncate(time.Second)
	later := now.Add(100 * 24 * time.Hour).Truncate(time.Second)
	fixture := fmt.Sprintf(`{"jobs": {"8888": [
	  {"CertId": 1, "CertName": "later.example.com", "CommonName": "later.example.com", "NotAfterTime": %d},
	  {"CertId": 2, "CertName": "soon.example.com", "CommonName": "soon.example.com", "NotAfterTime": %d},
	  {"OrderId": 3, "CertName": "pending-order", "StatusCode": "payed"}
	]}}`, later.UnixMilli(), soon.UnixMilli())
	url := startEmulator(t, emulator.Options{}, fixture).URL

	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: providerConfig(url) + string(example),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("expiring_within_30_days", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact(fmt.Sprintf("soon.example.com (soon.example.com) expires %s", soon.Format(time.RFC3339))),
				})),
			},
		}},
	})
}

// The documented throttling settings work as written, credentials and
// endpoint coming from the environment.
func TestAccExample_throttlingSettings(t *testing.T) {
	example, err := os.ReadFile("../../examples/provider/throttling.tf")
	if err != nil {
		t.Fatal(err)
	}
	url := startEmulator(t, emulator.Options{}, "").URL
	clearCredentialEnv(t)
	t.Setenv("ALICLOUD_ACCESS_KEY", emulator.DefaultAccessKeyID)
	t.Setenv("ALICLOUD_SECRET_KEY", emulator.DefaultAccessKeySecret)
	t.Setenv("ALIBABA_CLOUD_ENDPOINT_CAS", url)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: string(example),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.alicas_deployment_job_certs.web", tfjsonpath.New("timeouts").AtMapKey("read"), knownvalue.StringExact("10m")),
				statecheck.ExpectKnownValue("data.alicas_deployment_job_certs.web", tfjsonpath.New("certificates"),
					knownvalue.ListSizeExact(len(emulator.DefaultFixture().Jobs["8888"]))),
			},
		}},
	})
}
