package provider

import (
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// endWithoutForEach is a last step for tests whose configuration uses
// for_each: terraform-plugin-testing reads the final state through a legacy
// shim that refuses for_each instances ("for_each is not supported"), so the
// test ends on a configuration without them.
func endWithoutForEach(url string) resource.TestStep {
	return resource.TestStep{Config: providerConfig(url)}
}
