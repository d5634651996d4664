#pragma once
// Equity, initial margin and maintenance margin, in USD, as one value: what an account, a part of
// one (one underlying's positions, the rest of the book held fixed) or a position adds up to.
// The status of an account is decided on the three together (classify in account_risk.hpp), so
// they travel together: a part is added or taken away with + and -, field by field.

namespace marginkit {

struct MarginTotals {
  double equity = 0.0;
  double initial = 0.0;
  double maintenance = 0.0;

  MarginTotals& operator+=(const MarginTotals& other) {
    equity += other.equity;
    initial += other.initial;
    maintenance += other.maintenance;
    return *this;
  }
  MarginTotals& operator-=(const MarginTotals& other) {
    equity -= other.equity;
    initial -= other.initial;
    maintenance -= other.maintenance;
    return *this;
  }
};

inline MarginTotals operator+(MarginTotals a, const MarginTotals& b) { return a += b; }
inline MarginTotals operator-(MarginTotals a, const MarginTotals& b) { return a -= b; }

}  // namespace marginkit
