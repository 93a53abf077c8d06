package emulator

import (
	"encoding/json"
	"slices"
	"strings"
)

// listCloudResources serves the account's resources, filtered by CloudName,
// CloudProduct, Keyword (part of the domain or instance ID) and CertIds
// (those carrying one of the certificates; a JSON array, as the SDK sends it).
func (s *Server) listCloudResources(c *call) (any, error) {
	page, size, err := c.paging(defaultResourceShowSize)
	if err != nil {
		return nil, err
	}
	var certIDs []int64
	if v := c.params.Get("CertIds"); v != "" {
		if err := json.Unmarshal([]byte(v), &certIDs); err != nil {
			return nil, invalid("CertIds", "want a JSON array of certificate IDs such as [123,456], got "+truncate([]byte(v)))
		}
	}
	cloudName, product := c.params.Get("CloudName"), c.params.Get("CloudProduct")
	keyword := strings.ToLower(c.params.Get("Keyword"))
	_, unlock := s.lockAccount()
	defer unlock()
	records := []resourceRecord{}
	for _, id := range sortedKeys(s.account.resources) {
		r := s.account.resources[id]
		switch {
		case cloudName != "" && !strings.EqualFold(r.cloudName, cloudName),
			product != "" && !strings.EqualFold(r.product, product),
			keyword != "" && !strings.Contains(strings.ToLower(r.domain), keyword) && !strings.Contains(strings.ToLower(r.instanceID), keyword),
			len(certIDs) > 0 && !slices.Contains(certIDs, r.certID):
			continue
		}
		records = append(records, r.record())
	}
	return pageAnswer[resourceRecord]{page, size, len(records), pageOf(records, page, size), c.requestID}, nil
}
