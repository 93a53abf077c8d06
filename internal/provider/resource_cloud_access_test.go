package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

const cloudAccessAddress = "alicas_cloud_access.tencent"

// The secret every test here stores; tests look for it where it must not be.
const tencentSecret = "TencentSecretKey-0123456789abcdefXYZ"

// cloudAccessConfig stores a Tencent key whose secret comes from an
// ephemeral variable, as from a secret manager in real use (a plain
// variable would be recorded in the plan).
func cloudAccessConfig(url string) string {
	return providerConfig(url) + `
variable "tencent_secret" {
  type      = string
  ephemeral = true
}
resource "alicas_cloud_access" "tencent" {
  cloud_name            = "Tencent"
  secret_id             = "AKIDalicasTest0001"
  secret_key_wo         = var.tencent_secret
  secret_key_wo_version = 1
}
data "alicas_cloud_accesses" "tencent" {
  cloud_name = "Tencent"
  depends_on = [alicas_cloud_access.tencent]
}
`
}

var secretVariables = config.Variables{"tencent_secret": config.StringVariable(tencentSecret)}

// storedKeys are the keys CAS stores of this cloud and key ID.
func storedKeys(t *testing.T, url, cloud, secretID string) []cas.CloudAccess {
	t.Helper()
	list, err := testClient(t, url).ListCloudAccess(context.Background(), cas.CloudAccessFilter{CloudName: cloud, SecretID: secretID})
	if err != nil {
		t.Fatal(err)
	}
	return list.Keys
}

// secretAbsent fails when the plan or state JSON holds the secret.
type secretAbsent struct{}

func (secretAbsent) find(v any) error {
	text, err := jsonText(v)
	if err != nil {
		return err
	}
	if strings.Contains(text, tencentSecret) {
		return errText("the secret is in the JSON")
	}
	return nil
}

func (s secretAbsent) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = s.find(req.Plan)
}

func (s secretAbsent) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = s.find(req.State)
}

// With TRACE logging on for the terraform CLI and the provider, and the
// answer to AddCloudAccess lost after CAS stored the key: exactly one key
// is stored, found by listing; the secret is in no plan, no state, no file
// Terraform wrote and no line of the log; the data source lists the key
// masked. The log must show the add and its settling, or the test would
// prove nothing.
func TestAccCloudAccessResource_secretStaysOutAndLostAnswerStoresOnce(t *testing.T) {
	srv := startEmulator(t, emulator.Options{Faults: []emulator.Fault{{Action: "AddCloudAccess", Times: 1, Drop: true, After: true}}}, "")
	workDir := t.TempDir()
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	t.Setenv("TF_ACC_PERSIST_WORKING_DIR", "1")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		WorkingDir:               workDir,
		Steps: []resource.TestStep{{
			Config: cloudAccessConfig(srv.URL), ConfigVariables: secretVariables,
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(cloudAccessAddress, plancheck.ResourceActionCreate), secretAbsent{}},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), secretAbsent{}},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				secretAbsent{},
				statecheck.ExpectKnownValue(cloudAccessAddress, tfjsonpath.New("secret_key_wo"), knownvalue.Null()),
				statecheck.ExpectKnownValue(cloudAccessAddress, tfjsonpath.New("secret_id"), knownvalue.StringExact("AKIDalicasTest0001")),
				statecheck.ExpectKnownValue(cloudAccessAddress, tfjsonpath.New("service_status"), knownvalue.StringExact("normal")),
				statecheck.ExpectKnownValue("data.alicas_cloud_accesses.tencent", tfjsonpath.New("keys"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectExact(map[string]knownvalue.Check{
						"access_id": knownvalue.Int64Exact(888), "cloud_name": knownvalue.StringExact("Tencent"),
						"secret_id": knownvalue.StringExact("AKIDali******"), "service_status": knownvalue.StringExact("normal"),
					}),
				})),
			},
			Check: func(*terraform.State) error {
				if keys := storedKeys(t, srv.URL, cas.CloudTencent, "AKIDalicasTest0001"); len(keys) != 1 || keys[0].AccessID.Value() != 888 {
					return fmt.Errorf("CAS stores %d keys %+v; want exactly one, 888", len(keys), keys)
				}
				return nil
			},
		}},
	})
	if n := srv.Stats().CarriedOut["AddCloudAccess"]; n != 1 {
		t.Errorf("CAS carried out AddCloudAccess %d times; want once", n)
	}
	logBytes, err := os.ReadFile(logPath) //nolint:gosec // a file in the test's own temp dir
	if err != nil {
		t.Fatal(err)
	}
	log := string(logBytes)
	if !strings.Contains(log, "the answer to AddCloudAccess was lost; reading the account to settle it") ||
		!strings.Contains(log, "AddCloudAccess was carried out: its lost answer is settled") || !strings.Contains(log, "action=AddCloudAccess") {
		t.Fatal("the provider's log lines of the add are missing from the trace, so this test would prove nothing")
	}
	if strings.Contains(log, tencentSecret) {
		t.Fatal("the secret is in the TRACE log")
	}
	// Every file Terraform wrote: state, backups, saved plans; not the harness's tfvars (the input).
	_ = filepath.WalkDir(workDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".tfvars.json") {
			return err
		}
		b, err := os.ReadFile(p) //nolint:gosec // the test's own working directory
		if err == nil && strings.Contains(string(b), tencentSecret) {
			t.Errorf("%s holds the secret", p)
		}
		return err
	})
}

// A multi-cloud job to a Tencent resource fails while CAS stores no
// Tencent key, naming the cause; with alicas_cloud_access in the
// configuration, the next apply's job succeeds.
func TestAccCloudAccessResource_multiCloudJobNeedsTheKey(t *testing.T) {
	t.Parallel()
	providers := quickJobs()
	url := startEmulator(t, emulator.Options{JobStep: 20 * time.Millisecond}, "").URL
	jobWith := func(dependsOn string) string {
		return fmt.Sprintf(`
resource "alicas_deployment_job" "web" {
  name            = "example-io-to-tencent"
  job_type        = "cloud"
  certificate_ids = [11174106]
  resource_ids    = [22007]
  contact_ids     = [3304]
  depends_on      = [%s]
}
`, dependsOn)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{
			{
				Config:      providerConfig(url) + jobWith(""),
				ExpectError: errorPattern("Deployment job [0-9]+ failed", "TencentCDN cdn.example.io", "no AccessKey of Tencent", "alicas_cloud_access"),
			},
			{
				Config: cloudAccessConfig(url) + jobWith("alicas_cloud_access.tencent"), ConfigVariables: secretVariables,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(job, plancheck.ResourceActionReplace)}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(job, tfjsonpath.New("status"), knownvalue.StringExact("success")),
					statecheck.ExpectKnownValue(job, tfjsonpath.New("success_count"), knownvalue.Int64Exact(1)),
				},
			},
		},
	})
}

// A key CAS already stores is not added a second time: the apply fails on
// secret_id, naming its AccessId.
func TestAccCloudAccessResource_alreadyStored(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, "").URL
	if err := testClient(t, url).AddCloudAccess(context.Background(), cas.AddCloudAccessRequest{CloudName: cas.CloudTencent,
		SecretID: "AKIDalicasTest0001", SecretKey: "added in the console"}); err != nil {
		t.Fatal(err)
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: cloudAccessConfig(url), ConfigVariables: secretVariables,
			ExpectError: errorPattern("CAS already stores this Tencent AccessKey", "AccessId 888"),
		}},
	})
	if keys := storedKeys(t, url, cas.CloudTencent, ""); len(keys) != 1 {
		t.Errorf("CAS stores %d Tencent keys; want the one added before", len(keys))
	}
}

// The documented multi-cloud example runs as written: the key stored, a
// contact made, the job to the Tencent CDN domain a success.
func TestAccExample_multiCloudJob(t *testing.T) {
	t.Parallel()
	example, err := os.ReadFile("../../examples/resources/alicas_cloud_access/resource.tf")
	if err != nil {
		t.Fatal(err)
	}
	providers := quickJobs()
	url := startEmulator(t, emulator.Options{JobStep: 20 * time.Millisecond}, "").URL
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: providers,
		Steps: []resource.TestStep{{
			Config:          providerConfig(url) + string(example),
			ConfigVariables: config.Variables{"tencent_secret_key": config.StringVariable(tencentSecret)},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("alicas_deployment_job.tencent_cdn", tfjsonpath.New("status"), knownvalue.StringExact("success")),
				statecheck.ExpectKnownValue("alicas_deployment_job.tencent_cdn", tfjsonpath.New("worker_count"), knownvalue.Int64Exact(1)),
				secretAbsent{},
			},
		}},
	})
}
