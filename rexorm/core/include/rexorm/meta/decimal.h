#pragma once

#include <rexorm/global.h>

#include <QtCore/QMetaType>
#include <QtCore/QString>

namespace RexOrm {

// An exact decimal number, kept as its canonical text ("-12.50" stays "-12.50"), for NUMERIC
// and DECIMAL columns: it never passes through double. Comparison is numeric ("1.5" == "1.50").
class REXORM_CORE_EXPORT Decimal
{
public:
    Decimal() = default; // null
    // Throws Error for text that is not a plain decimal number ("12", "-0.5", "3.14159").
    explicit Decimal(QStringView text);
    static Decimal fromString(QStringView text, bool *ok = nullptr); // no throw; null when !*ok

    bool isNull() const { return m_text.isEmpty(); }
    QString toString() const { return m_text; }
    double toDouble() const; // lossy: for display and arithmetic you accept as approximate
    int scale() const;       // digits after the point

    friend REXORM_CORE_EXPORT bool operator==(const Decimal &a, const Decimal &b);
    friend bool operator!=(const Decimal &a, const Decimal &b) { return !(a == b); }
    friend REXORM_CORE_EXPORT bool operator<(const Decimal &a, const Decimal &b);
    friend bool operator>(const Decimal &a, const Decimal &b) { return b < a; }
    friend bool operator<=(const Decimal &a, const Decimal &b) { return !(b < a); }
    friend bool operator>=(const Decimal &a, const Decimal &b) { return !(a < b); }

private:
    QString m_text;
};

} // namespace RexOrm

Q_DECLARE_METATYPE(RexOrm::Decimal)
