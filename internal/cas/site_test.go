package cas

import "testing"

func TestSiteEndpoints(t *testing.T) {
	const (
		china     = "cas.aliyuncs.com"
		chinaSTS  = "sts.aliyuncs.com"
		intl      = "cas.ap-southeast-1.aliyuncs.com"
		intlSTS   = "sts.ap-southeast-1.aliyuncs.com"
		wantError = "!"
	)
	cases := []struct {
		accountType, region string
		cas, sts            string
	}{
		{"", "cn-hangzhou", china, chinaSTS},
		{"", "ap-southeast-1", china, chinaSTS}, // Domestic is the default, wherever the region
		{"Domestic", "eu-central-1", china, chinaSTS},
		{"domestic", "cn-beijing", china, chinaSTS},
		{"International", "ap-southeast-1", intl, intlSTS},
		{"International", "eu-central-1", intl, intlSTS},
		{"international", "us-west-1", intl, intlSTS},
		{"INTERNATIONAL", "cn-hongkong", intl, intlSTS}, // Hong Kong is not mainland China
		{"International", "cn-shanghai", china, chinaSTS},
		{"International", "cn-shanghai-finance-1", china, chinaSTS},
		{"International", "", intl, intlSTS},
		{"Intl", "cn-hangzhou", wantError, ""},
		{"China", "cn-hangzhou", wantError, ""},
	}
	for _, c := range cases {
		casHost, stsHost, err := SiteEndpoints(c.accountType, c.region)
		if c.cas == wantError {
			if err == nil {
				t.Errorf("SiteEndpoints(%q, %q) = %q, %q; want an error", c.accountType, c.region, casHost, stsHost)
			}
			continue
		}
		if err != nil || casHost != c.cas || stsHost != c.sts {
			t.Errorf("SiteEndpoints(%q, %q) = %q, %q, %v; want %q, %q", c.accountType, c.region, casHost, stsHost, err, c.cas, c.sts)
		}
	}
}
