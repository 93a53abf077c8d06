package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// Every data source and resource gets the same diagnostics from one place
// (apiErrorDiagnostic): a failed credential source heads the error, and a
// plain-HTTP answer to a bare host says to write http://.
func TestAccDiagnostics_sameForEveryCaller(t *testing.T) {
	clearCredentialEnv(t)
	srv := startEmulator(t, emulator.Options{}, "")
	job := `
resource "alicas_deployment_job" "test" {
  name            = "diagnostics"
  certificate_ids = [11174101]
  resource_ids    = [20981]
  contact_ids     = [3304]
}
`
	contacts := "data \"alicas_contacts\" \"test\" {}\n"
	bareHost := strings.TrimPrefix(srv.URL, "http://")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:      providerBlock(srv.URL, "", fmt.Sprintf("credentials_uri = %q", srv.URL+"/no-credentials-here")) + contacts,
				ExpectError: errorPattern("Could not get credentials from the credentials URI http://127.0.0.1:[0-9]+/no-credentials-here"),
			},
			{
				Config:      providerBlock(srv.URL, "", fmt.Sprintf("credentials_uri = %q", srv.URL+"/no-credentials-here")) + job,
				ExpectError: errorPattern("Could not get credentials from the credentials URI http://127.0.0.1:[0-9]+/no-credentials-here"),
			},
			{
				Config:      providerConfig(bareHost) + job,
				ExpectError: errorPattern("Could not create the deployment job", "write http:// in endpoints.cas"),
			},
		},
	})
	if n := srv.Stats().Requests; n != 2 { // the credentials URI, once for each of the first two steps
		t.Errorf("the emulator saw %d requests, want 2", n)
	}
}
