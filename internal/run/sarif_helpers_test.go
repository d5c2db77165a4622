package run

import (
	"encoding/json"
	"os"
	"testing"
)

// sarifPlace is where a SARIF result points.
type sarifPlace struct {
	URI       string
	StartLine int
}

// readSARIFPlaces reads a SARIF file's results' first physical locations, and the text
// of its runs' tool execution notifications.
func readSARIFPlaces(t *testing.T, path string) (places []sarifPlace, notes []string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Runs []struct {
			Results []struct {
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }    `json:"artifactLocation"`
						Region           struct{ StartLine int } `json:"region"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
			Invocations []struct {
				Notifications []struct {
					Message struct{ Text string } `json:"message"`
				} `json:"toolExecutionNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	for _, run := range doc.Runs {
		for _, res := range run.Results {
			if len(res.Locations) == 0 {
				t.Fatalf("%s: a result without a location", path)
			}
			pl := res.Locations[0].PhysicalLocation
			places = append(places, sarifPlace{pl.ArtifactLocation.URI, pl.Region.StartLine})
		}
		for _, inv := range run.Invocations {
			for _, n := range inv.Notifications {
				notes = append(notes, n.Message.Text)
			}
		}
	}
	return places, notes
}
