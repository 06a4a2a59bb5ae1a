#include "stats/suppress.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace casekeep::stats {
namespace {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

// The equations of a grid: each a list of (cell, coefficient).
std::vector<std::vector<std::pair<std::size_t, int>>> Lines(const Grid& g) {
  std::vector<std::vector<std::pair<std::size_t, int>>> lines;
  if (g.row_totals && g.cols >= 2) {
    for (std::size_t r = 0; r < g.rows; ++r) {
      auto& line = lines.emplace_back();
      for (std::size_t c = 0; c < g.cols; ++c)
        line.emplace_back(r * g.cols + c, c + 1 == g.cols ? -1 : 1);
    }
  }
  if (g.col_totals && g.rows >= 2) {
    for (std::size_t c = 0; c < g.cols; ++c) {
      auto& line = lines.emplace_back();
      for (std::size_t r = 0; r < g.rows; ++r)
        line.emplace_back(r * g.cols + c, r + 1 == g.rows ? -1 : 1);
    }
  }
  return lines;
}

// Better candidate for hiding: not zero before zero, then smaller, then earlier.
bool Better(const Grid& g, std::size_t a, std::size_t b) {
  if (b == kNone) return true;
  const std::int64_t va = g.values[a];
  const std::int64_t vb = g.values[b];
  if ((va == 0) != (vb == 0)) return va != 0;
  return va != vb ? va < vb : a < b;
}

// The first line with exactly one hidden cell gets its best other cell hidden; true if one
// was. One at a time, so that each choice sees the ones before it (a cell hidden for a row
// often completes a column too).
bool LineRule(const Grid& g, const std::vector<std::vector<std::pair<std::size_t, int>>>& lines,
              std::vector<Hidden>& hidden) {
  for (const auto& line : lines) {
    std::size_t count = 0;
    for (const auto& [cell, coef] : line) count += hidden[cell] != Hidden::kNo ? 1u : 0u;
    if (count != 1) continue;
    std::size_t best = kNone;
    for (const auto& [cell, coef] : line) {
      if (hidden[cell] == Hidden::kNo && Better(g, cell, best)) best = cell;
    }
    if (best != kNone) {
      hidden[best] = Hidden::kSecondary;
      return true;
    }
  }
  return false;
}

// For a two-way table (both kinds of equation): the hidden cells are the edges of a bipartite
// graph between rows and columns; a hidden cell is determined exactly when its edge is a
// bridge (on no cycle). Returns one bridge cell, or kNone.
std::size_t FindBridge(const Grid& g, const std::vector<Hidden>& hidden) {
  const std::size_t n = g.rows + g.cols;  // rows 0..rows-1, columns rows..
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> adj(n);  // (vertex, cell)
  for (std::size_t r = 0; r < g.rows; ++r) {
    for (std::size_t c = 0; c < g.cols; ++c) {
      const std::size_t cell = r * g.cols + c;
      if (hidden[cell] == Hidden::kNo) continue;
      adj[r].emplace_back(g.rows + c, cell);
      adj[g.rows + c].emplace_back(r, cell);
    }
  }
  std::vector<std::size_t> disc(n, kNone), low(n, 0);
  std::size_t timer = 0;
  struct Frame {
    std::size_t v, parent_cell, next;
  };
  for (std::size_t s = 0; s < n; ++s) {
    if (disc[s] != kNone || adj[s].empty()) continue;
    std::vector<Frame> stack{{s, kNone, 0}};
    disc[s] = low[s] = timer++;
    while (!stack.empty()) {
      Frame& f = stack.back();
      if (f.next < adj[f.v].size()) {
        const auto [to, cell] = adj[f.v][f.next++];
        if (cell == f.parent_cell) continue;
        if (disc[to] == kNone) {
          disc[to] = low[to] = timer++;
          stack.push_back({to, cell, 0});
        } else {
          low[f.v] = std::min(low[f.v], disc[to]);
        }
        continue;
      }
      const Frame done = f;
      stack.pop_back();
      if (!stack.empty()) {
        Frame& up = stack.back();
        low[up.v] = std::min(low[up.v], low[done.v]);
        if (low[done.v] > disc[up.v]) return done.parent_cell;
      }
    }
  }
  return kNone;
}

// Hides the best cell that puts bridge cell (r, c) on a cycle: (r, c') with column c' joined
// to c without the bridge, or (r', c) with row r' joined to r. Returns false if none exists.
bool BreakBridge(const Grid& g, std::size_t bridge, std::vector<Hidden>& hidden) {
  const std::size_t br = bridge / g.cols;
  const std::size_t bc = bridge % g.cols;
  // Components of the hidden-cell graph without the bridge, by flood fill from each end.
  auto reach = [&](std::size_t start) {
    std::vector<bool> seen(g.rows + g.cols, false);
    std::vector<std::size_t> todo{start};
    seen[start] = true;
    while (!todo.empty()) {
      const std::size_t v = todo.back();
      todo.pop_back();
      const bool is_row = v < g.rows;
      const std::size_t count = is_row ? g.cols : g.rows;
      for (std::size_t i = 0; i < count; ++i) {
        const std::size_t cell = is_row ? v * g.cols + i : i * g.cols + (v - g.rows);
        if (cell == bridge || hidden[cell] == Hidden::kNo) continue;
        const std::size_t to = is_row ? g.rows + i : i;
        if (!seen[to]) {
          seen[to] = true;
          todo.push_back(to);
        }
      }
    }
    return seen;
  };
  const auto from_col = reach(g.rows + bc);
  const auto from_row = reach(br);
  std::size_t best = kNone;
  for (std::size_t c = 0; c < g.cols; ++c) {
    const std::size_t cell = br * g.cols + c;
    if (c != bc && from_col[g.rows + c] && hidden[cell] == Hidden::kNo && Better(g, cell, best)) {
      best = cell;
    }
  }
  for (std::size_t r = 0; r < g.rows; ++r) {
    const std::size_t cell = r * g.cols + bc;
    if (r != br && from_row[r] && hidden[cell] == Hidden::kNo && Better(g, cell, best)) {
      best = cell;
    }
  }
  if (best == kNone) return false;
  hidden[best] = Hidden::kSecondary;
  return true;
}

}  // namespace

void SecondarySuppress(const Grid& g, std::vector<Hidden>& hidden) {
  const auto lines = Lines(g);
  const bool two_way = g.row_totals && g.col_totals && g.rows >= 2 && g.cols >= 2;
  for (;;) {
    while (LineRule(g, lines, hidden)) {
    }
    if (!two_way) return;  // one kind of equation: the line rule is exact
    const std::size_t bridge = FindBridge(g, hidden);
    if (bridge == kNone) return;
    if (!BreakBridge(g, bridge, hidden)) {
      // Nothing joins the bridge into a cycle: hide the best remaining cell of its row or
      // column, so the loop always ends (at worst with everything hidden).
      std::size_t best = kNone;
      for (std::size_t cell = 0; cell < g.values.size(); ++cell) {
        if (hidden[cell] == Hidden::kNo && Better(g, cell, best)) best = cell;
      }
      if (best == kNone) return;
      hidden[best] = Hidden::kSecondary;
    }
  }
}

std::vector<std::size_t> RecoverableCells(const Grid& g, const std::vector<Hidden>& hidden) {
  std::vector<std::size_t> vars;
  std::vector<std::size_t> var_of(g.values.size(), kNone);
  for (std::size_t cell = 0; cell < g.values.size(); ++cell) {
    if (hidden[cell] != Hidden::kNo) {
      var_of[cell] = vars.size();
      vars.push_back(cell);
    }
  }
  // The equations restricted to the hidden cells (published cells are known constants).
  std::vector<std::vector<double>> m;
  for (const auto& line : Lines(g)) {
    std::vector<double> row(vars.size(), 0.0);
    bool any = false;
    for (const auto& [cell, coef] : line) {
      if (var_of[cell] != kNone) {
        row[var_of[cell]] = coef;
        any = true;
      }
    }
    if (any) m.push_back(std::move(row));
  }
  // Reduced row echelon form. A hidden cell is determined exactly when the unit vector of its
  // variable lies in the row space: its column is a pivot whose row has no other entry.
  std::vector<std::size_t> pivot_row_of(vars.size(), kNone);
  std::size_t rank = 0;
  for (std::size_t col = 0; col < vars.size() && rank < m.size(); ++col) {
    std::size_t pivot = kNone;
    for (std::size_t r = rank; r < m.size(); ++r) {
      if (std::abs(m[r][col]) > 1e-9) {
        pivot = r;
        break;
      }
    }
    if (pivot == kNone) continue;
    std::swap(m[pivot], m[rank]);
    const double p = m[rank][col];
    for (double& v : m[rank]) v /= p;
    for (std::size_t r = 0; r < m.size(); ++r) {
      if (r == rank || std::abs(m[r][col]) < 1e-9) continue;
      const double f = m[r][col];
      for (std::size_t k = 0; k < vars.size(); ++k) m[r][k] -= f * m[rank][k];
    }
    pivot_row_of[col] = rank++;
  }
  std::vector<std::size_t> out;
  for (std::size_t col = 0; col < vars.size(); ++col) {
    const std::size_t r = pivot_row_of[col];
    if (r == kNone) continue;
    bool alone = true;
    for (std::size_t k = 0; k < vars.size() && alone; ++k) {
      if (k != col && std::abs(m[r][k]) > 1e-9) alone = false;
    }
    if (alone) out.push_back(vars[col]);
  }
  return out;
}

}  // namespace casekeep::stats
