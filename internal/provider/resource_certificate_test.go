package provider

import (
	"context"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/alicas/terraform-provider-alicas/internal/cas"
	"github.com/alicas/terraform-provider-alicas/internal/emulator"
	"github.com/alicas/terraform-provider-alicas/internal/lifecycle"
)

const certAddress = "alicas_certificate.web"

// certificateConfig is an alicas_certificate "web" whose PEM and key come
// from variables, as from file() in real use; body adds arguments. key is
// ephemeral, for private_key_wo (else the plan would record it, as it
// records every other variable); stored_key is for private_key.
func certificateConfig(url, body string) string {
	return providerConfig(url) + `
variable "cert" {
  type = string
}
variable "key" {
  type      = string
  ephemeral = true
}
variable "stored_key" {
  type      = string
  sensitive = true
  default   = null
}
resource "alicas_certificate" "web" {
  certificate = var.cert
` + body + `
}
`
}

func certVariables(c testCert) config.Variables {
	return config.Variables{"cert": config.StringVariable(c.cert), "key": config.StringVariable(c.key)}
}

// storedKeyVariables are certVariables with the key for private_key too.
func storedKeyVariables(c testCert) config.Variables {
	v := certVariables(c)
	v["stored_key"] = config.StringVariable(c.key)
	return v
}

const writeOnlyKey = `
  name                   = "web-2027"
  private_key_wo         = var.key
  private_key_wo_version = 1
`

// Upload with a write-only key: every computed attribute from CAS, a plan
// with no changes after it, the certificate in CAS, and no byte of the key
// in any file Terraform wrote (state and saved plans), nor in the state or
// plan JSON.
func TestAccCertificateResource_uploadWriteOnly(t *testing.T) {
	srv := startEmulator(t, emulator.Options{}, "")
	c := validTestCert(t, "web.example.com", "www.web.example.com")
	workDir := t.TempDir()
	t.Setenv("TF_ACC_PERSIST_WORKING_DIR", "1")
	noKey := keyAbsent{keyChunks(t, c)}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		WorkingDir:               workDir,
		Steps: []resource.TestStep{{
			Config:          certificateConfig(srv.URL, writeOnlyKey),
			ConfigVariables: certVariables(c),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(certAddress, plancheck.ResourceActionCreate),
					plancheck.ExpectKnownValue(certAddress, tfjsonpath.New("fingerprint"), knownvalue.StringExact(fingerprint(c.cert))),
					noKey,
				},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), noKey},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(certAddress, tfjsonpath.New("name"), knownvalue.StringExact("web-2027")),
				statecheck.ExpectKnownValue(certAddress, tfjsonpath.New("private_key_wo"), knownvalue.Null()),
				statecheck.ExpectKnownValue(certAddress, tfjsonpath.New("private_key"), knownvalue.Null()),
				statecheck.ExpectKnownValue(certAddress, tfjsonpath.New("private_key_wo_version"), knownvalue.Int64Exact(1)),
				statecheck.ExpectKnownValue(certAddress, tfjsonpath.New("common_name"), knownvalue.StringExact("web.example.com")),
				statecheck.ExpectKnownValue(certAddress, tfjsonpath.New("sans"), stringsExact("web.example.com", "www.web.example.com")),
				statecheck.ExpectKnownValue(certAddress, tfjsonpath.New("not_before"), knownvalue.StringExact(c.leaf.NotBefore.UTC().Format(time.RFC3339))),
				statecheck.ExpectKnownValue(certAddress, tfjsonpath.New("not_after"), knownvalue.StringExact(c.leaf.NotAfter.UTC().Format(time.RFC3339))),
				statecheck.ExpectKnownValue(certAddress, tfjsonpath.New("not_after_time"), knownvalue.Int64Exact(c.leaf.NotAfter.UnixMilli())),
				statecheck.ExpectKnownValue(certAddress, tfjsonpath.New("fingerprint"), knownvalue.StringExact(fingerprint(c.cert))),
				statecheck.ExpectKnownValue(certAddress, tfjsonpath.New("issuer"), knownvalue.StringExact("Alicas Test CA")),
				statecheck.ExpectKnownValue(certAddress, tfjsonpath.New("serial_no"), knownvalue.StringExact(c.leaf.SerialNumber.Text(16))),
				statecheck.ExpectKnownValue(certAddress, tfjsonpath.New("algorithm"), knownvalue.StringExact("ECC")),
				statecheck.CompareValuePairs(certAddress, tfjsonpath.New("id"), certAddress, tfjsonpath.New("cert_id"), idMatchesCertID{}),
				statecheck.ExpectKnownValue(certAddress, tfjsonpath.New("cert_identifier"), knownvalue.StringRegexp(regexp.MustCompile(`^\d+-cn-hangzhou$`))),
				noKey,
			},
			Check: func(s *terraform.State) error {
				id := s.RootModule().Resources[certAddress].Primary.Attributes["cert_id"]
				detail, err := benchClient(t, srv.URL).GetUserCertificateDetail(context.Background(), atoi(t, id), true)
				if err != nil || detail.Key == nil || string(*detail.Key) != c.key {
					return fmt.Errorf("CAS does not hold the uploaded key for certificate %s: %w", id, err)
				}
				return nil
			},
		}},
	})
	// Every file Terraform wrote: state, backups, saved plans. Not the
	// harness's tfvars file: that is the input, as a user's key file is.
	files := 0
	_ = filepath.WalkDir(workDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".tfvars.json") {
			return err
		}
		if strings.HasSuffix(p, ".tfstate") {
			files++
		}
		b, err := os.ReadFile(p) //nolint:gosec // the test's own working directory
		if err != nil {
			return err
		}
		for _, chunk := range noKey.chunks {
			if strings.Contains(string(b), chunk) {
				t.Errorf("%s holds part of the private key", p)
				break
			}
		}
		return nil
	})
	if files == 0 {
		t.Error("found no state file to read")
	}
}

// keyChunks are 16-character pieces of the key's base64 body that the
// (public) certificate does not hold: the key's public half is in both.
// No such piece may appear anywhere.
func keyChunks(t *testing.T, c testCert) []string {
	t.Helper()
	if block, _ := pem.Decode([]byte(c.key)); block == nil {
		t.Fatal("the test key is not PEM")
	}
	lines := strings.Split(strings.TrimSpace(c.key), "\n")
	body := strings.Join(lines[1:len(lines)-1], "")
	certBody := strings.ReplaceAll(c.cert, "\n", "")
	var chunks []string
	for i := 0; i+16 <= len(body); i += 8 {
		if chunk := body[i : i+16]; !strings.Contains(certBody, chunk) {
			chunks = append(chunks, chunk)
		}
	}
	if len(chunks) < 4 {
		t.Fatalf("only %d pieces of the key are its own", len(chunks))
	}
	return chunks
}

// keyAbsent fails when the plan or state JSON holds a piece of the key.
type keyAbsent struct{ chunks []string }

func (k keyAbsent) find(v any) error {
	text, err := jsonText(v)
	if err != nil {
		return err
	}
	for _, c := range k.chunks {
		if i := strings.Index(text, c); i >= 0 {
			return errText("a piece of the private key is in the JSON: ..." + text[max(0, i-200):i] + "...")
		}
	}
	if strings.Contains(text, "PRIVATE KEY") {
		return errText("a private key is in the JSON")
	}
	return nil
}

func (k keyAbsent) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = k.find(req.Plan)
}

func (k keyAbsent) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = k.find(req.State)
}

// idMatchesCertID compares id (a string) with cert_id (a number).
type idMatchesCertID struct{}

func (idMatchesCertID) CompareValues(values ...any) error {
	if fmt.Sprint(values[0]) != fmt.Sprint(values[1]) {
		return fmt.Errorf("id %v is not cert_id %v", values[0], values[1])
	}
	return nil
}

func atoi(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatalf("%q is not a number", s)
	}
	return n
}

// gone is an assertion that CAS no longer has a certificate.
func certificateGone(t *testing.T, url string, id int64) error {
	_, err := benchClient(t, url).GetUserCertificateDetail(context.Background(), id, false)
	if !lifecycle.Gone(err) {
		return fmt.Errorf("certificate %d is still in CAS (%w)", id, err)
	}
	return nil
}

// A new PEM replaces the certificate: a new cert_id, the old one deleted.
// With name_prefix and create_before_destroy the new one comes first; a
// fixed name with create_before_destroy would be refused as taken.
func TestAccCertificateResource_replacement(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{}, "")
	first, second := validTestCert(t, "web.example.com"), validTestCert(t, "web.example.com")
	prefixed := `
  name_prefix            = "web-"
  private_key_wo         = var.key
  private_key_wo_version = 1
  lifecycle {
    create_before_destroy = true
  }
`
	var firstID int64
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: certificateConfig(srv.URL, writeOnlyKey), ConfigVariables: certVariables(first),
				Check: func(s *terraform.State) error {
					firstID = atoi(t, s.RootModule().Resources[certAddress].Primary.Attributes["cert_id"])
					return nil
				},
			},
			{
				Config: certificateConfig(srv.URL, writeOnlyKey), ConfigVariables: certVariables(second),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(certAddress, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(certAddress, tfjsonpath.New("fingerprint"), knownvalue.StringExact(fingerprint(second.cert))),
				},
				Check: func(s *terraform.State) error {
					if id := atoi(t, s.RootModule().Resources[certAddress].Primary.Attributes["cert_id"]); id == firstID {
						return fmt.Errorf("cert_id %d did not change", id)
					}
					return certificateGone(t, srv.URL, firstID)
				},
			},
			{
				Config: certificateConfig(srv.URL, prefixed), ConfigVariables: certVariables(first),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(certAddress, tfjsonpath.New("name"), knownvalue.StringRegexp(regexp.MustCompile(`^web-\d{14}[0-9a-f]{8}$`))),
				},
				Check: func(s *terraform.State) error {
					firstID = atoi(t, s.RootModule().Resources[certAddress].Primary.Attributes["cert_id"])
					return nil
				},
			},
			{
				Config: certificateConfig(srv.URL, prefixed), ConfigVariables: certVariables(second),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(certAddress, plancheck.ResourceActionCreateBeforeDestroy),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(certAddress, tfjsonpath.New("name"), knownvalue.StringRegexp(regexp.MustCompile(`^web-\d{14}[0-9a-f]{8}$`))),
				},
				Check: func(*terraform.State) error { return certificateGone(t, srv.URL, firstID) },
			},
			{
				// A new key version uploads again, a replacement too.
				Config:          certificateConfig(srv.URL, strings.Replace(prefixed, "private_key_wo_version = 1", "private_key_wo_version = 2", 1)),
				ConfigVariables: certVariables(second),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(certAddress, plancheck.ResourceActionCreateBeforeDestroy),
				}},
			},
		},
	})
}

// Import by certificate ID rebuilds every argument but the key; with the
// key written into the configuration, the next plan records it in place
// and uploads nothing.
func TestAccCertificateResource_import(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{}, "")
	c := validTestCert(t, "import.example.com")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: certificateConfig(srv.URL, writeOnlyKey), ConfigVariables: certVariables(c)},
			{
				Config: certificateConfig(srv.URL, writeOnlyKey), ConfigVariables: certVariables(c),
				ResourceName: certAddress, ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"private_key_wo_version"},
			},
		},
	})
	// An imported certificate, then the configuration applied: an update in
	// place (the key version recorded), no upload.
	imported := validTestCert(t, "adopt.example.com")
	up, err := benchClient(t, srv.URL).UploadUserCertificate(context.Background(), cas.UploadUserCertificateRequest{Name: "adopt-me", Cert: imported.cert, Key: imported.key})
	if err != nil {
		t.Fatal(err)
	}
	adopt := strings.Replace(writeOnlyKey, "web-2027", "adopt-me", 1)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config:          certificateConfig(srv.URL, adopt) + fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", certAddress, itoa(up.CertID)),
				ConfigVariables: certVariables(imported),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(certAddress, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(certAddress, tfjsonpath.New("cert_id"), knownvalue.Int64Exact(up.CertID)),
					statecheck.ExpectKnownValue(certAddress, tfjsonpath.New("private_key_wo_version"), knownvalue.Int64Exact(1)),
				},
			},
		},
	})
}

// A certificate deleted outside Terraform leaves the state; the plan
// uploads it again. One whose content in CAS changed is replaced.
func TestAccCertificateResource_removedOutside(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{}, "")
	c := validTestCert(t, "gone.example.com")
	var id int64
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: certificateConfig(srv.URL, writeOnlyKey), ConfigVariables: certVariables(c),
				Check: func(s *terraform.State) error {
					id = atoi(t, s.RootModule().Resources[certAddress].Primary.Attributes["cert_id"])
					return nil
				},
			},
			{
				PreConfig: func() {
					if err := benchClient(t, srv.URL).DeleteUserCertificate(context.Background(), id); err != nil {
						t.Fatal(err)
					}
				},
				Config: certificateConfig(srv.URL, writeOnlyKey), ConfigVariables: certVariables(c),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(certAddress, plancheck.ResourceActionCreate),
				}},
			},
		},
	})
}

// A fingerprint in CAS that no longer matches the configured PEM plans a
// replacement, and says it is the fingerprint.
func TestAccCertificateResource_fingerprintDrift(t *testing.T) {
	t.Parallel()
	var drift atomic.Bool
	srv := startEmulator(t, emulator.Options{}, "", wrappedIn(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !drift.Load() || r.Header.Get("x-acs-action") != "GetUserCertificateDetail" {
				next.ServeHTTP(w, r)
				return
			}
			rec := httptest.NewRecorder()
			next.ServeHTTP(rec, r)
			var answer map[string]any
			_ = json.Unmarshal(rec.Body.Bytes(), &answer)
			answer["Fingerprint"] = strings.Repeat("AB", 20)
			w.Header().Set("Content-Type", "application/json;charset=utf-8")
			_ = json.NewEncoder(w).Encode(answer)
		})
	}))
	c := validTestCert(t, "drift.example.com")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{Config: certificateConfig(srv.URL, writeOnlyKey), ConfigVariables: certVariables(c)},
			{
				// CAS now answers another fingerprint for it.
				PreConfig: func() { drift.Store(true) },
				Config:    certificateConfig(srv.URL, writeOnlyKey), ConfigVariables: certVariables(c),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(certAddress, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: func(*terraform.State) error { drift.Store(false); return nil },
			},
		},
	})
}

// A certificate a deployment job still uses cannot be deleted: one error,
// naming the job. Once the job is gone, destroy goes through.
func TestAccCertificateResource_deleteInUse(t *testing.T) {
	srv := startEmulator(t, emulator.Options{}, "")
	client := benchClient(t, srv.URL)
	c := validTestCert(t, "www.example.com")
	var jobID int64
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{
			{
				Config: certificateConfig(srv.URL, writeOnlyKey), ConfigVariables: certVariables(c),
				Check: func(s *terraform.State) error {
					// A job that has not run yet deploys it to a CDN domain.
					var err error
					jobID, err = client.CreateDeploymentJob(context.Background(), cas.CreateDeploymentJobRequest{Name: "rotate-www", JobType: cas.JobTypeUser,
						CertIDs:     []int64{atoi(t, s.RootModule().Resources[certAddress].Primary.Attributes["cert_id"])},
						ResourceIDs: []int64{20979}, ContactIDs: []int64{3304}})
					return err
				},
			},
			{
				Config: certificateConfig(srv.URL, writeOnlyKey), ConfigVariables: certVariables(c), Destroy: true,
				ExpectError: errorPattern(`Certificate \d+ \(web-2027\) is in use`, "OperationDenied.CertificateInUse",
					`used by deployment job \d+, which has not finished`, requestIDPattern, "Wait until what uses it is done"),
			},
			{
				PreConfig: func() {
					if err := client.DeleteDeploymentJob(context.Background(), jobID); err != nil {
						t.Fatal(err)
					}
				},
				Config: certificateConfig(srv.URL, writeOnlyKey), ConfigVariables: certVariables(c), Destroy: true,
			},
		},
	})
}

// A lost upload answer (the upload carried out, the connection cut) leaves
// one certificate, adopted by its name.
func TestAccCertificateResource_lostUploadAnswer(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{Faults: []emulator.Fault{{Action: "UploadUserCertificate", Times: 1, Drop: true, After: true}}}, "")
	c := validTestCert(t, "lost.example.com")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: certificateConfig(srv.URL, writeOnlyKey), ConfigVariables: certVariables(c),
			Check: func(s *terraform.State) error {
				res, err := benchClient(t, srv.URL).ListUserCertificateOrder(context.Background(), cas.UserCertificateFilter{OrderType: cas.OrderTypeUpload, Keyword: "web-2027"})
				if err != nil {
					return err
				}
				if len(res.Certificates) != 1 {
					return fmt.Errorf("CAS holds %d certificates named web-2027, want 1", len(res.Certificates))
				}
				if got := s.RootModule().Resources[certAddress].Primary.Attributes["cert_id"]; got != itoa(int64(*res.Certificates[0].CertificateID)) {
					return fmt.Errorf("state has cert_id %s, CAS %d", got, int64(*res.Certificates[0].CertificateID))
				}
				if n := srv.Stats().Outcomes["fault:drop"]; n != 1 {
					return fmt.Errorf("the emulator dropped %d answers, want 1", n)
				}
				return nil
			},
		}},
	})
}

// The stored key, for Terraform before 1.11: in state, marked sensitive.
func TestAccCertificateResource_storedKey(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{}, "")
	c := validTestCert(t, "old.example.com")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps: []resource.TestStep{{
			Config: certificateConfig(srv.URL, "  name        = \"old\"\n  private_key = var.stored_key\n"), ConfigVariables: storedKeyVariables(c),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectSensitiveValue(certAddress, tfjsonpath.New("private_key"))}},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(certAddress, tfjsonpath.New("private_key"), knownvalue.StringExact(c.key)),
				statecheck.ExpectSensitiveValue(certAddress, tfjsonpath.New("private_key")),
			},
		}},
	})
}

// Each plan-time error, on its attribute, before any API call.
func TestAccCertificateResource_planTimeErrors(t *testing.T) {
	srv := startEmulator(t, emulator.Options{}, "")
	c, other := validTestCert(t, "a.example.com"), validTestCert(t, "b.example.com")
	vars := func(cert, key string) config.Variables {
		return config.Variables{"cert": config.StringVariable(cert), "key": config.StringVariable(key), "stored_key": config.StringVariable(key)}
	}
	mismatched, notPEM, keyNotPEM, keyIsCert := vars(c.cert, other.key), vars("MIIB...not pem", c.key), vars(c.cert, "not a key"), vars(c.cert, c.chain)
	for _, tc := range []struct {
		name, body string
		vars       config.Variables
		want       string
	}{
		{"certificate not PEM", writeOnlyKey, notPEM, `Certificate is not PEM CAS can read.*holds no PEM CERTIFICATE block`},
		{"key not PEM", writeOnlyKey, keyNotPEM, `Private key is not PEM CAS can read.*private_key_wo cannot be read: it is not PEM`},
		{"key is a certificate", writeOnlyKey, keyIsCert, `it is a "CERTIFICATE" block, not a private key`},
		{"key of another certificate", writeOnlyKey, mismatched, `Private key does not match the certificate.*private_key_wo is not the private key of the certificate for a.example.com`},
		{"stored key of another certificate", "  name = \"x\"\n  private_key = var.stored_key\n", mismatched, `private_key is not the private key`},
		{"no name", "  private_key = var.stored_key\n", storedKeyVariables(c), `Exactly one of these attributes must be configured: \[name,name_prefix\]`},
		{"name and prefix", "  name = \"x\"\n  name_prefix = \"y\"\n  private_key = var.stored_key\n", storedKeyVariables(c), `Invalid Attribute Combination.*Exactly one of these attributes must be configured: \[name,name_prefix\]`},
		{"no key", "  name = \"x\"\n", certVariables(c), `Exactly one of these attributes must be configured: \[private_key_wo,private_key\]`},
		{"both keys", writeOnlyKey + "  private_key = var.stored_key\n", storedKeyVariables(c), `Attribute "private_key" cannot be specified when "private_key_wo" is specified`},
		{"write-only key without version", "  name = \"x\"\n  private_key_wo = var.key\n", certVariables(c), `Attribute "private_key_wo_version" must be specified when "private_key_wo" is specified`},
		{"name too long", "  name = \"" + strings.Repeat("n", 64) + "\"\n  private_key = var.stored_key\n", storedKeyVariables(c), `Attribute name string length must be between 1 and 63, got: 64`},
		{"name with a space", "  name = \"my cert\"\n  private_key = var.stored_key\n", storedKeyVariables(c), `Attribute name must hold only letters, digits, underscores`},
		{"prefix too long", "  name_prefix = \"" + strings.Repeat("p", 42) + "\"\n  private_key = var.stored_key\n", storedKeyVariables(c), `Attribute name_prefix string length must be between 1 and 41, got: 42`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProviders,
				Steps: []resource.TestStep{{
					Config: certificateConfig(srv.URL, tc.body), ConfigVariables: tc.vars, PlanOnly: true,
					ExpectError: errorPattern(tc.want),
				}},
			})
		})
	}
	if n := srv.Stats().Requests; n != 0 {
		t.Errorf("the emulator got %d requests; every one of these must fail before any call", n)
	}
}

// An expired certificate is a warning on certificate, not an error; no
// diagnostic ever holds the key.
func TestCertificateResource_expiredIsAWarning(t *testing.T) {
	t.Parallel()
	expired := newTestCert(t, time.Now().Add(-400*24*time.Hour), time.Now().Add(-35*24*time.Hour), "old.example.com")
	ctx := context.Background()
	server := providerserver.NewProtocol6(New("test")())()
	schemas, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	typ, ok := schemas.ResourceSchemas["alicas_certificate"].ValueType().(tftypes.Object)
	if !ok {
		t.Fatal("the alicas_certificate schema is not an object")
	}
	resp, err := server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "alicas_certificate",
		ClientCapabilities: &tfprotov6.ValidateResourceConfigClientCapabilities{WriteOnlyAttributesAllowed: true},
		Config: dynamicValue(t, nullsBut(typ, map[string]tftypes.Value{
			"name":                   tftypes.NewValue(tftypes.String, "old"),
			"certificate":            tftypes.NewValue(tftypes.String, expired.cert),
			"private_key_wo":         tftypes.NewValue(tftypes.String, expired.key),
			"private_key_wo_version": tftypes.NewValue(tftypes.Number, 1),
		}))})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Severity != tfprotov6.DiagnosticSeverityWarning ||
		resp.Diagnostics[0].Summary != "Certificate has expired" || !strings.Contains(resp.Diagnostics[0].Detail, "old.example.com expired at") {
		for _, d := range resp.Diagnostics {
			t.Logf("%v %s: %s", d.Severity, d.Summary, d.Detail)
		}
		t.Fatal("want one warning that the certificate expired")
	}
	for _, chunk := range keyChunks(t, expired) {
		if strings.Contains(resp.Diagnostics[0].Detail, chunk) {
			t.Fatal("the warning holds part of the key")
		}
	}
}

// The documented example does what it says: uploads fullchain.pem with the
// key from an ephemeral variable, and shows its identifier.
func TestAccExample_certificateResource(t *testing.T) {
	example, err := os.ReadFile("../../examples/resources/alicas_certificate/resource.tf")
	if err != nil {
		t.Fatal(err)
	}
	srv := startEmulator(t, emulator.Options{}, "")
	c := validTestCert(t, "www.example.com")
	dir := t.TempDir()
	for name, content := range map[string]string{"main.tf": providerConfig(srv.URL) + string(example), "fullchain.pem": c.cert} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("TF_VAR_private_key", c.key)
	resource.UnitTest(t, resource.TestCase{
		Steps: []resource.TestStep{{
			ProtoV6ProviderFactories: testAccProviders, // the directory has a provider block: the harness wants them here
			ConfigDirectory:          config.StaticDirectory(dir),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValueAtPath("web_certificate", tfjsonpath.New("cert_identifier"),
					knownvalue.StringRegexp(regexp.MustCompile(`^\d+-cn-hangzhou$`))),
				statecheck.ExpectKnownOutputValueAtPath("web_certificate", tfjsonpath.New("valid_until"),
					knownvalue.StringExact(c.leaf.NotAfter.UTC().Format(time.RFC3339))),
				statecheck.ExpectKnownValue("alicas_certificate.web", tfjsonpath.New("name"),
					knownvalue.StringRegexp(regexp.MustCompile(`^web-example-com-`))),
			},
		}},
	})
}

// With TRACE logging on for the terraform CLI and the provider, an upload
// (the key in the request's form body) and a lost answer's search write no
// piece of the key into the log.
func TestAccCertificateResource_keyStaysOutOfLogs(t *testing.T) {
	srv := startEmulator(t, emulator.Options{Faults: []emulator.Fault{{Action: "UploadUserCertificate", Times: 1, Drop: true, After: true}}}, "")
	c := validTestCert(t, "logs.example.com")
	logPath := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logPath)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProviders,
		Steps:                    []resource.TestStep{{Config: certificateConfig(srv.URL, writeOnlyKey), ConfigVariables: certVariables(c)}},
	})
	logBytes, err := os.ReadFile(logPath) //nolint:gosec // a file in the test's own temp dir
	if err != nil {
		t.Fatal(err)
	}
	log := string(logBytes)
	if !strings.Contains(log, "the answer to UploadUserCertificate was lost; reading the account to settle it") ||
		!strings.Contains(log, "UploadUserCertificate was carried out: its lost answer is settled") ||
		!strings.Contains(log, "CAS API call") {
		t.Fatal("the provider's log lines of the upload are missing from the trace, so this test would prove nothing")
	}
	for _, chunk := range keyChunks(t, c) {
		if strings.Contains(log, chunk) {
			t.Fatal("a piece of the private key is in the TRACE log")
		}
	}
}
