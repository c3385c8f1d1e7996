#include <rexorm/error.h>
#include <rexorm/meta/decimal.h>

namespace RexOrm {

namespace {

struct Parts
{
    bool negative = false;
    QString integer;  // no leading zeros ("" for zero)
    QString fraction; // no trailing zeros
};

bool parse(QStringView text, QString *canonical, Parts *parts)
{
    QStringView t = text.trimmed();
    bool negative = false;
    if (t.startsWith(u'-') || t.startsWith(u'+')) {
        negative = t.startsWith(u'-');
        t = t.sliced(1);
    }
    const qsizetype point = t.indexOf(u'.');
    const QStringView integer = point < 0 ? t : t.first(point);
    const QStringView fraction = point < 0 ? QStringView() : t.sliced(point + 1);
    if (integer.isEmpty() && fraction.isEmpty())
        return false;
    for (QChar c : integer) {
        if (!c.isDigit() || c.unicode() > '9')
            return false;
    }
    for (QChar c : fraction) {
        if (!c.isDigit() || c.unicode() > '9')
            return false;
    }
    QString canonicalInteger = integer.toString();
    while (canonicalInteger.size() > 1 && canonicalInteger.startsWith(u'0'))
        canonicalInteger.remove(0, 1);
    if (canonicalInteger.isEmpty())
        canonicalInteger = QStringLiteral("0");
    const bool zero = canonicalInteger == u"0" && std::all_of(fraction.begin(), fraction.end(),
                                                              [](QChar c) { return c == u'0'; });
    *canonical = (negative && !zero ? QStringLiteral("-") : QString()) + canonicalInteger +
                 (fraction.isEmpty() ? QString() : u'.' + fraction.toString());
    parts->negative = negative && !zero;
    parts->integer = canonicalInteger == u"0" ? QString() : canonicalInteger;
    parts->fraction = fraction.toString();
    while (parts->fraction.endsWith(u'0'))
        parts->fraction.chop(1);
    return true;
}

Parts partsOf(const QString &text)
{
    QString ignored;
    Parts parts;
    parse(text, &ignored, &parts);
    return parts;
}

// Compares absolute values.
int compareMagnitude(const Parts &a, const Parts &b)
{
    if (a.integer.size() != b.integer.size())
        return a.integer.size() < b.integer.size() ? -1 : 1;
    if (const int c = a.integer.compare(b.integer); c != 0)
        return c < 0 ? -1 : 1;
    const qsizetype width = std::max(a.fraction.size(), b.fraction.size());
    const QString fa = a.fraction.leftJustified(width, u'0');
    const QString fb = b.fraction.leftJustified(width, u'0');
    const int c = fa.compare(fb);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

} // namespace

// QVariant(Decimal).toString() and friends work like any numeric QVariant.
const bool convertersRegistered = [] {
    QMetaType::registerConverter<Decimal, QString>(&Decimal::toString);
    QMetaType::registerConverter<Decimal, double>(&Decimal::toDouble);
    QMetaType::registerConverter<QString, Decimal>(
        [](const QString &text) { return Decimal::fromString(text); });
    return true;
}();

Decimal::Decimal(QStringView text)
{
    Parts parts;
    if (!parse(text, &m_text, &parts))
        throw Error(QStringLiteral("\"%1\" is not a decimal number").arg(text.toString()));
}

Decimal Decimal::fromString(QStringView text, bool *ok)
{
    Decimal value;
    Parts parts;
    const bool parsed = parse(text, &value.m_text, &parts);
    if (!parsed)
        value.m_text.clear();
    if (ok)
        *ok = parsed;
    return value;
}

double Decimal::toDouble() const
{
    return m_text.toDouble();
}

int Decimal::scale() const
{
    const qsizetype point = m_text.indexOf(u'.');
    return point < 0 ? 0 : int(m_text.size() - point - 1);
}

bool operator==(const Decimal &a, const Decimal &b)
{
    if (a.isNull() || b.isNull())
        return a.isNull() == b.isNull();
    const Parts pa = partsOf(a.m_text);
    const Parts pb = partsOf(b.m_text);
    return pa.negative == pb.negative && compareMagnitude(pa, pb) == 0;
}

bool operator<(const Decimal &a, const Decimal &b)
{
    if (a.isNull() || b.isNull())
        return a.isNull() && !b.isNull();
    const Parts pa = partsOf(a.m_text);
    const Parts pb = partsOf(b.m_text);
    if (pa.negative != pb.negative)
        return pa.negative;
    const int c = compareMagnitude(pa, pb);
    return pa.negative ? c > 0 : c < 0;
}

} // namespace RexOrm
