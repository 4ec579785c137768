package i18n

import (
	"kulturrapport/pipeline"
	"testing"
)

func TestFormatNumber(t *testing.T) {
	for _, tc := range []struct {
		lang string
		v    float64
		d    int
		want string
	}{
		{"nb", 1234.5, 1, "1\u00a0234,5"},
		{"nb", 1234567, 0, "1\u00a0234\u00a0567"},
		{"nb", -12.26, 1, "−12,3"},
		{"en", 1234.5, 1, "1,234.5"},
		{"nb", 0, 0, "0"},
		{"nb", 82.9268, 0, "83"},
		// Halves away from zero, as the status and the charts round.
		{"nb", 20.5, 0, "21"},
		{"nb", 2.25, 1, "2,3"},
		{"nb", -20.5, 0, "−21"},
	} {
		if got := FormatNumber(tc.lang, tc.v, tc.d); got != tc.want {
			t.Errorf("FormatNumber(%s, %v, %d) = %q, want %q", tc.lang, tc.v, tc.d, got, tc.want)
		}
		// The chart draws the number the text prints.
		if got, want := FormatNumber(tc.lang, pipeline.Round(tc.v, tc.d), tc.d), FormatNumber(tc.lang, tc.v, tc.d); got != want {
			t.Errorf("chart value %q, text %q", got, want)
		}
	}
}

// TestFormatChangeSignIsTheRounded: a change that rounds to zero is ±0,
// whichever side of zero it lies on.
func TestFormatChangeSignIsTheRounded(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		d    int
		want string
	}{
		{0.02, 1, "±0,0"}, {-0.04, 1, "±0,0"}, {0.05, 1, "+0,1"}, {-1.26, 1, "−1,3"}, {0, 0, "±0"}, {3, 0, "+3"},
	} {
		if got := FormatChange("nb", &tc.v, tc.d, ""); got != tc.want {
			t.Errorf("FormatChange(%v, %d) = %q, want %q", tc.v, tc.d, got, tc.want)
		}
	}
}
