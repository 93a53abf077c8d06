package provider

import "testing"

// Each object names every attribute once: a second description of a name
// would silently replace the first.
func TestObjectsDescribeEachAttributeOnce(t *testing.T) {
	for name, counts := range map[string][2]int{
		"certificate":   {len(certificate.attrs), len(certificate.typ.AttributeTypes)},
		"cloudResource": {len(cloudResource.attrs), len(cloudResource.typ.AttributeTypes)},
		"deploymentJob": {len(deploymentJob.attrs), len(deploymentJob.typ.AttributeTypes)},
		"jobDetail":     {len(jobDetail.attrs), len(jobDetail.typ.AttributeTypes)},
		"jobContact":    {len(jobContact.attrs), len(jobContact.typ.AttributeTypes)},
	} {
		if counts[0] != counts[1] {
			t.Errorf("%s describes %d attributes under %d names", name, counts[0], counts[1])
		}
	}
}
