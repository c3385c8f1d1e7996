#include "testdatabases.h"

#include <rexorm/error.h>
#include <rexorm/meta/decimal.h>

using RexOrm::Decimal;

class tst_Decimal : public QObject
{
    Q_OBJECT

private slots:
    void parsing_data();
    void parsing();
    void comparison();
    void variants();
};

void tst_Decimal::parsing_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("canonical");
    QTest::addColumn<int>("scale");
    QTest::newRow("integer") << "42" << true << "42" << 0;
    QTest::newRow("fraction") << "0.99" << true << "0.99" << 2;
    QTest::newRow("trailing zeros kept") << "12.50" << true << "12.50" << 2;
    QTest::newRow("leading zeros dropped") << "007.5" << true << "7.5" << 1;
    QTest::newRow("negative") << "-3.14159" << true << "-3.14159" << 5;
    QTest::newRow("plus") << "+1" << true << "1" << 0;
    QTest::newRow("negative zero") << "-0.00" << true << "0.00" << 2;
    QTest::newRow("leading point") << ".5" << true << "0.5" << 1;
    QTest::newRow("huge") << "123456789012345678901234567890.123456789" << true
                          << "123456789012345678901234567890.123456789" << 9;
    QTest::newRow("empty") << "" << false << "" << 0;
    QTest::newRow("letters") << "12a" << false << "" << 0;
    QTest::newRow("exponent") << "1e5" << false << "" << 0;
    QTest::newRow("two points") << "1.2.3" << false << "" << 0;
    QTest::newRow("sign only") << "-" << false << "" << 0;
}

void tst_Decimal::parsing()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    bool ok = false;
    const Decimal value = Decimal::fromString(text, &ok);
    QCOMPARE(ok, valid);
    QCOMPARE(value.isNull(), !valid);
    if (valid) {
        QTEST(value.toString(), "canonical");
        QTEST(value.scale(), "scale");
    } else {
        QVERIFY_THROWS_EXCEPTION(RexOrm::Error, Decimal{text});
    }
}

void tst_Decimal::comparison()
{
    QCOMPARE(Decimal(u"1.5"), Decimal(u"1.50"));
    QVERIFY(Decimal(u"0.99") != Decimal(u"0.98"));
    QVERIFY(Decimal(u"-2") < Decimal(u"-1.5"));
    QVERIFY(Decimal(u"9.999") < Decimal(u"10"));
    QVERIFY(Decimal(u"10") > Decimal(u"9.999"));
    QVERIFY(Decimal(u"10") >= Decimal(u"10.00") && Decimal(u"10") <= Decimal(u"10.00"));
    QVERIFY(!(Decimal(u"10") < Decimal(u"10.0")));
    QVERIFY(Decimal(u"-0.1") < Decimal(u"0"));
    QVERIFY(Decimal() < Decimal(u"0"));
    QCOMPARE(Decimal(), Decimal());
    // 0.1 + 0.2 style values stay exact as text.
    QCOMPARE(Decimal(u"0.30").toString(), QStringLiteral("0.30"));
}

void tst_Decimal::variants()
{
    const QVariant v = QVariant::fromValue(Decimal(u"19.90"));
    QCOMPARE(v.toString(), QStringLiteral("19.90"));
    QCOMPARE(v.toDouble(), 19.9);
    QVariant text(QStringLiteral("7.25"));
    QVERIFY(text.convert(QMetaType::fromType<Decimal>()));
    QCOMPARE(text.value<Decimal>(), Decimal(u"7.25"));
}

REXORM_TEST_MAIN(tst_Decimal)
#include "tst_decimal.moc"
