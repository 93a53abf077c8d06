package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/alicas/terraform-provider-alicas/internal/emulator"
)

// Resource identity needs Terraform 1.12 or later: each resource records the
// number CAS gives its object as its identity, keeps it through refresh, and
// is imported by it from an import block.
var identityCLIs = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)}

// identitySteps apply config, check that resource's identity is its state's
// attr (after apply and after the next refresh), then import it by
// identity. importUpdates: the import plans an update, as for a resource
// whose configuration holds what CAS cannot give back (a write-only key's
// version, an unmasked email).
func identitySteps(config, address, attr string, importUpdates bool) []resource.TestStep {
	matches := []statecheck.StateCheck{statecheck.ExpectIdentityValueMatchesState(address, tfjsonpath.New(attr))}
	return []resource.TestStep{
		{Config: config, ConfigStateChecks: matches},
		{Config: config, ConfigStateChecks: matches}, // refreshed, planned, nothing to apply
		{Config: config, ResourceName: address, ImportState: true, ImportStateKind: resource.ImportBlockWithResourceIdentity,
			ExpectNonEmptyPlan: importUpdates},
	}
}

func TestAccDeploymentJob_identity(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{JobStep: 20 * time.Millisecond}, "").URL
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   identityCLIs,
		ProtoV6ProviderFactories: quickJobs(),
		Steps:                    identitySteps(jobConfig(url, "[11174106]", "[22005]"), job, "job_id", false),
	})
}

func TestAccCertificateResource_identity(t *testing.T) {
	t.Parallel()
	srv := startEmulator(t, emulator.Options{}, "")
	c := validTestCert(t, "identity.example.com")
	steps := identitySteps(certificateConfig(srv.URL, writeOnlyKey), "alicas_certificate.web", "cert_id", true)
	for i := range steps {
		steps[i].ConfigVariables = certVariables(c)
	}
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   identityCLIs,
		ProtoV6ProviderFactories: testAccProviders,
		Steps:                    steps,
	})
}

func TestAccContactResource_identity(t *testing.T) {
	t.Parallel()
	url := startEmulator(t, emulator.Options{}, "").URL
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   identityCLIs,
		ProtoV6ProviderFactories: testAccProviders,
		Steps:                    identitySteps(contactConfig(url, "platform-ops", "platform.ops@example.com"), contactAddress, "contact_id", true),
	})
}
