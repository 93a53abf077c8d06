package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// With TRACE logging on for the terraform CLI and the provider, neither the
// secret key nor the STS token may appear anywhere in the log, nor in
// diagnostics of a failed read.
func TestAccProvider_secretsStayOutOfLogs(t *testing.T) {
	const (
		keyID  = "STS.LogTestKey"
		secret = "sk-3f9b7c1e-never-log-me"
		token  = "tok-8d2a6e40-never-log-me-either"
	)
	url := startEmulator(t, emulator.Options{Credentials: []emulator.Credential{
		{AccessKeyID: keyID, AccessKeySecret: secret, SecurityToken: token},
	}}, mappingFixture).URL
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	clearCredentialEnv(t)
	t.Setenv("ALICLOUD_SECURITY_TOKEN", token) // one secret from the environment, one from configuration

	// The secret reaches terraform as a variable: the test harness itself
	// logs each step's configuration text at TRACE.
	configText := fmt.Sprintf(`
variable "secret_key" {
  type      = string
  sensitive = true
}
provider "alicas" {
  access_key = %q
  secret_key = var.secret_key
  endpoints {
    cas = %q
  }
}
data "alicas_deployment_job_certs" "test" {
  job_id = 8888
}
`, keyID, url)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:          configText,
				ConfigVariables: config.Variables{"secret_key": config.StringVariable(secret)},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(certsAddress, tfjsonpath.New("certificates"), knownvalue.ListSizeExact(3)),
				},
			},
			{
				Config:          configText,
				ConfigVariables: config.Variables{"secret_key": config.StringVariable(secret + "-wrong")},
				ExpectError:     errorPattern("SignatureDoesNotMatch"),
			},
		},
	})

	logBytes, err := os.ReadFile(logPath) //nolint:gosec // a file in the test's own temp dir
	if err != nil {
		t.Fatal(err)
	}
	log := string(logBytes)
	if !strings.Contains(log, "CAS API call") {
		t.Fatal("the provider's own log lines are missing from the trace, so this test would prove nothing")
	}
	if !strings.Contains(log, "action=ListDeploymentJobCert") {
		t.Error("the CAS API call log lines do not name their action")
	}
	for name, value := range map[string]string{"secret_key": secret, "security_token": token} {
		if strings.Contains(log, value) {
			t.Errorf("%s value found in the TRACE log", name)
		}
	}
}
