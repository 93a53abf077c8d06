package emulator

import (
	"strconv"
	"strings"
)

// Multi-cloud AccessKeys (reference §9): AddCloudAccess stores one and
// answers only a RequestId, ListCloudAccess finds it (its AccessId), and
// DeleteCloudAccess removes it. The secret is kept and never answered back.
// A multi-cloud job's worker needs a stored key of its resource's cloud
// (account.deploy).

// firstCloudAccessID is the first AccessId AddCloudAccess hands out.
const firstCloudAccessID = 888

// cloudNames are the clouds a key may be for, spelt as ListCloudResources'
// CloudName spells them; the request's case does not matter.
var cloudNames = []string{"Tencent", "Huawei", "Aws"}

type cloudAccess struct {
	id                          int64
	cloudName, secretID, secret string
}

// cloudName is the canonical spelling of name, or "" for a cloud CAS does
// not deploy to.
func cloudName(name string) string {
	for _, n := range cloudNames {
		if strings.EqualFold(n, name) {
			return n
		}
	}
	return ""
}

// hasCloudAccess reports whether a key of the cloud is stored.
func (a *account) hasCloudAccess(cloud string) bool {
	for _, k := range a.cloudAccess {
		if strings.EqualFold(k.cloudName, cloud) {
			return true
		}
	}
	return false
}

// maskSecretID keeps the first half of the key ID, at most seven
// characters, then six stars: AAAZCJQ******.
func maskSecretID(id string) string {
	return id[:min(7, len(id)/2)] + "******"
}

// addCloudAccess stores a key. A second key with the same cloud and ID is
// stored beside the first, with its own AccessId: nothing is said to
// refuse duplicates, so the emulator assumes the worst for its callers.
func (s *Server) addCloudAccess(c *call) (any, error) {
	name, err := c.required("CloudName")
	if err != nil {
		return nil, err
	}
	cloud := cloudName(name)
	if cloud == "" {
		return nil, refCloudName.with(name)
	}
	secretID, err := c.required("SecretId")
	if err != nil {
		return nil, err
	}
	secret, err := c.required("SecretKey")
	if err != nil {
		return nil, err
	}
	_, unlock := s.lockAccount()
	defer unlock()
	a := s.account
	a.cloudAccess[a.nextAccessID] = &cloudAccess{id: a.nextAccessID, cloudName: cloud, secretID: secretID, secret: secret}
	a.nextAccessID++
	return requestOnly{c.requestID}, nil
}

type cloudAccessRecord struct {
	AccessID      int64  `json:"AccessId"`
	CloudName     string `json:"CloudName"`
	SecretID      string `json:"SecretId"` // masked
	ServiceStatus string `json:"ServiceStatus"`
}

// listCloudAccess lists the stored keys, filtered by CloudName (any case)
// and SecretId (the whole key ID, as added); the answer masks the key ID.
// CurrentPage and ShowSize are answered only when sent.
func (s *Server) listCloudAccess(c *call) (any, error) {
	page, size, err := c.paging(defaultCloudAccessShowSize)
	if err != nil {
		return nil, err
	}
	cloud, secretID := c.params.Get("CloudName"), c.params.Get("SecretId")
	_, unlock := s.lockAccount()
	defer unlock()
	records := []cloudAccessRecord{}
	for _, id := range sortedKeys(s.account.cloudAccess) {
		k := s.account.cloudAccess[id]
		if (cloud != "" && !strings.EqualFold(k.cloudName, cloud)) || (secretID != "" && k.secretID != secretID) {
			continue
		}
		records = append(records, cloudAccessRecord{k.id, k.cloudName, maskSecretID(k.secretID), "normal"})
	}
	out := struct {
		CloudAccessList []cloudAccessRecord `json:"CloudAccessList"`
		CurrentPage     *int                `json:"CurrentPage,omitempty"`
		ShowSize        *int                `json:"ShowSize,omitempty"`
		TotalCount      int                 `json:"TotalCount"`
		RequestID       string              `json:"RequestId"`
	}{CloudAccessList: pageOf(records, page, size), TotalCount: len(records), RequestID: c.requestID}
	if c.params.Has("CurrentPage") {
		out.CurrentPage = &page
	}
	if c.params.Has("ShowSize") {
		out.ShowSize = &size
	}
	return out, nil
}

// deleteCloudAccess removes a key. Jobs that run later to that cloud fail
// their workers unless another key of it is stored.
func (s *Server) deleteCloudAccess(c *call) (any, error) {
	v, err := c.required("AccessId")
	if err != nil {
		return nil, err
	}
	id, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil || id <= 0 {
		return nil, invalid("AccessId", strconv.Quote(v)+" is not an AccessId from ListCloudAccess")
	}
	_, unlock := s.lockAccount()
	defer unlock()
	if s.account.cloudAccess[id] == nil {
		return nil, refCloudAccessNotFound.with(id)
	}
	delete(s.account.cloudAccess, id)
	return requestOnly{c.requestID}, nil
}
