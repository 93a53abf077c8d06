package provider

import (
	"testing"

	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// Each object names every attribute once: a second description of a name
// would silently replace the first.
func TestObjectsDescribeEachAttributeOnce(t *testing.T) {
	t.Parallel()
	for name, counts := range map[string][2]int{
		"jobCertificate":      {len(jobCertificate.attrs), len(jobCertificate.typ.AttributeTypes)},
		"cloudResource":       {len(cloudResource.attrs), len(cloudResource.typ.AttributeTypes)},
		"deploymentJob":       {len(deploymentJob.attrs), len(deploymentJob.typ.AttributeTypes)},
		"jobDetail":           {len(jobDetail.attrs), len(jobDetail.typ.AttributeTypes)},
		"jobContact":          {len(jobContact.attrs), len(jobContact.typ.AttributeTypes)},
		"contact":             {len(contact.attrs), len(contact.typ.AttributeTypes)},
		"certificateSummary":  {len(certificateSummary.attrs), len(certificateSummary.typ.AttributeTypes)},
		"certificateDetail":   {len(certificateDetail.attrs), len(certificateDetail.typ.AttributeTypes)},
		"chainCert":           {len(chainCert.attrs), len(chainCert.typ.AttributeTypes)},
		"certificateTag":      {len(certificateTag.attrs), len(certificateTag.typ.AttributeTypes)},
		"deploymentJobWorker": {len(deploymentJobWorker.attrs), len(deploymentJobWorker.typ.AttributeTypes)},
		"certificateInstance": {len(certificateInstance.attrs), len(certificateInstance.typ.AttributeTypes)},
	} {
		if counts[0] != counts[1] {
			t.Errorf("%s describes %d attributes under %d names", name, counts[0], counts[1])
		}
	}
}

// Every object can describe a resource's computed attributes too, nested
// lists included; only keeps what it names and nothing else.
func TestObjectsAsResourceAttributes(t *testing.T) {
	t.Parallel()
	for name, convert := range map[string]func() (map[string]rschema.Attribute, error){
		"certificateDetail":   certificateDetail.resourceAttributes,
		"deploymentJobWorker": deploymentJobWorker.resourceAttributes,
		"jobDetail":           jobDetail.resourceAttributes,
	} {
		if _, err := convert(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	part := deploymentJobWorker.only("worker_id", "status", "no_such_attribute")
	if len(part.attrs) != 2 || len(part.typ.AttributeTypes) != 2 {
		t.Errorf("only kept %d attributes (%d types), want worker_id and status", len(part.attrs), len(part.typ.AttributeTypes))
	}
}
