//go:build unix || windows

package reports

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kulturrapport/pipeline"
)

// TestStaleFoldersByLock: a run's cleanup leaves another live run's
// temporary folder alone (whatever its process id says: from another PID
// namespace it may be anyone's) and removes one whose run is gone.
func TestStaleFoldersByLock(t *testing.T) {
	out := t.TempDir()
	live := NewWriter(out, pipeline.MonthFor(2026, 10))
	live.mu.Lock()
	if err := live.open(); err != nil {
		t.Fatal(err)
	}
	live.mu.Unlock()
	dead := NewWriter(out, pipeline.MonthFor(2026, 9))
	dead.mu.Lock()
	if err := dead.open(); err != nil {
		t.Fatal(err)
	}
	dead.mu.Unlock()
	// The dead run was killed: its lock is gone with its descriptor, its
	// folder and lock file stay.
	dead.lock.Close()

	next := NewWriter(out, pipeline.MonthFor(2026, 10))
	next.mu.Lock()
	if err := next.open(); err != nil {
		t.Fatal(err)
	}
	next.mu.Unlock()
	defer next.Abort()
	if _, err := os.Stat(live.tmp); err != nil {
		t.Errorf("the live run's folder was removed: %v", err)
	}
	if _, err := os.Stat(dead.tmp); !os.IsNotExist(err) {
		t.Errorf("the dead run's folder is still there: %v", err)
	}
	if _, err := os.Stat(dead.tmp + lockSuffix); !os.IsNotExist(err) {
		t.Errorf("the dead run's lock file is still there: %v", err)
	}
	live.Abort()
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") && filepath.Join(out, e.Name()) != next.tmp && filepath.Join(out, e.Name()) != next.tmp+lockSuffix {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}
