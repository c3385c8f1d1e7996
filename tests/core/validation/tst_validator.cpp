#include "testdatabases.h"

#include <rexorm/meta/decimal.h>
#include <rexorm/meta/registry.h>
#include <rexorm/meta/schemainspector.h>
#include <rexorm/validation/validator.h>

using namespace RexOrm;

class Account : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("rex.table", "accounts")
    Q_CLASSINFO(
        "rex.column.name",
        "notNull validate.required validate.maxLength=10 message.required='Name cannot be empty'")
    Q_CLASSINFO("rex.column.email", "validate.email message.email='Invalid email format'")
    Q_CLASSINFO("rex.column.website", "validate.url")
    Q_CLASSINFO("rex.column.code", "validate.pattern='[A-Z]{3}-\\d+' validate.minLength=5")
    Q_CLASSINFO("rex.column.age", "validate.min=0 validate.max=150")
    Q_CLASSINFO("rex.column.balance", "precision=12 scale=2 validate.min=-100")
    Q_CLASSINFO("rex.column.status", "validate.oneOf='active|closed'")
    Q_PROPERTY(qint64 id MEMBER id)
    Q_PROPERTY(QString name MEMBER name)
    Q_PROPERTY(QString email MEMBER email)
    Q_PROPERTY(QString website MEMBER website)
    Q_PROPERTY(QString code MEMBER code)
    Q_PROPERTY(int age MEMBER age)
    Q_PROPERTY(RexOrm::Decimal balance MEMBER balance)
    Q_PROPERTY(QString status MEMBER status)

public:
    qint64 id = 0;
    QString name, email, website, code, status;
    int age = 0;
    Decimal balance;
};

class tst_Validator : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { m_account = entityFromMetaObject(Account::staticMetaObject, false); }
    void specMessages();
    void everyRule_data();
    void everyRule();
    void collectsEverything();
    void updateChecksOnlyPresentColumns();
    void customRules();
    void inspectedEntities();
    void schemaRules_data() { RexOrmTest::addBackendColumns(); }
    void schemaRules();

private:
    EntityInfo m_account;
};

void tst_Validator::specMessages()
{
    try {
        Validator::validate(m_account, {{"name", ""}, {"email", "not-an-email"}},
                            Validator::Mode::Insert);
        QFAIL("an invalid row passed");
    } catch (const ValidationError &error) {
        QCOMPARE(error.errors().value("name"), QStringList{"Name cannot be empty"});
        QCOMPARE(error.errors().value("email"), QStringList{"Invalid email format"});
        QCOMPARE(error.entity(), QStringLiteral("Account"));
        QVERIFY(error.message().contains(u"name: Name cannot be empty"));
        QVERIFY(error.message().contains(u"email: Invalid email format"));
    }
}

void tst_Validator::everyRule_data()
{
    QTest::addColumn<QString>("column");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("expected"); // empty: valid
    QTest::newRow("required null") << "name" << QVariant() << "Name cannot be empty";
    QTest::newRow("required blank") << "name" << QVariant("   ") << "Name cannot be empty";
    QTest::newRow("required ok") << "name" << QVariant("Ann") << "";
    QTest::newRow("maxLength") << "name" << QVariant("Bartholomew")
                               << "name must be at most 10 characters";
    QTest::newRow("email ok") << "email" << QVariant("ann@example.org") << "";
    QTest::newRow("email no domain dot")
        << "email" << QVariant("ann@example") << "Invalid email format";
    QTest::newRow("email spaces") << "email" << QVariant("an n@example.org")
                                  << "Invalid email format";
    QTest::newRow("email null is fine") << "email" << QVariant() << "";
    QTest::newRow("url ok") << "website" << QVariant("https://example.org/a?b=1") << "";
    QTest::newRow("url scheme") << "website" << QVariant("ftp://example.org")
                                << "website must be an http(s) URL";
    QTest::newRow("url garbage") << "website" << QVariant("not a url")
                                 << "website must be an http(s) URL";
    QTest::newRow("pattern ok") << "code" << QVariant("ABC-123") << "";
    QTest::newRow("pattern partial")
        << "code" << QVariant("xABC-123") << "code has an invalid format";
    QTest::newRow("minLength") << "code" << QVariant("AB-1") << "code has an invalid format";
    QTest::newRow("min") << "age" << QVariant(-1) << "age must be at least 0";
    QTest::newRow("max") << "age" << QVariant(151) << "age must be at most 150";
    QTest::newRow("not a number") << "age" << QVariant("old") << "age must be a number";
    QTest::newRow("decimal min") << "balance" << QVariant::fromValue(Decimal(u"-100.01"))
                                 << "balance must be at least -100";
    QTest::newRow("decimal ok") << "balance" << QVariant::fromValue(Decimal(u"-100.00")) << "";
    QTest::newRow("oneOf") << "status" << QVariant("frozen")
                           << "status must be one of active, closed";
    QTest::newRow("oneOf ok") << "status" << QVariant("closed") << "";
}

void tst_Validator::everyRule()
{
    QFETCH(QString, column);
    QFETCH(QVariant, value);
    QFETCH(QString, expected);
    const auto errors = Validator::check(m_account, {{column, value}}, Validator::Mode::Update);
    if (expected.isEmpty())
        QVERIFY2(errors.isEmpty(), qPrintable(errors.value(column).join(u'|')));
    else
        QVERIFY2(errors.value(column).contains(expected),
                 qPrintable(errors.value(column).join(u'|')));
}

void tst_Validator::collectsEverything()
{
    const auto errors = Validator::check(
        m_account, {{"name", QString()}, {"code", "x"}, {"age", 200}, {"nickname", "z"}},
        Validator::Mode::Insert);
    QCOMPARE(errors.keys(), (QStringList{"age", "code", "name", "nickname"}));
    QCOMPARE(errors.value("code").size(), 2); // pattern and minLength both reported
    QCOMPARE(errors.value("nickname"), QStringList{"Account has no column nickname"});
}

void tst_Validator::updateChecksOnlyPresentColumns()
{
    // On insert, a missing required column fails; on update it is simply not being changed.
    QVERIFY(Validator::check(m_account, {{"age", 30}}, Validator::Mode::Insert).contains("name"));
    QVERIFY(Validator::check(m_account, {{"age", 30}}, Validator::Mode::Update).isEmpty());
}

void tst_Validator::customRules()
{
    Validator::addRule("Account", "status", [](const QVariant &value, const QVariantMap &row) {
        return value.toString() == u"closed" &&
                       row.value("balance").value<Decimal>() != Decimal(u"0")
                   ? QStringLiteral("an account with money cannot close")
                   : QString();
    });
    const QVariantMap closing = {{"status", "closed"},
                                 {"balance", QVariant::fromValue(Decimal(u"5.00"))}};
    QCOMPARE(Validator::check(m_account, closing, Validator::Mode::Update).value("status"),
             QStringList{"an account with money cannot close"});
    // Only the listed columns are checked, but a rule sees the whole row.
    QCOMPARE(
        Validator::check(
            m_account,
            {{"status", "closed"}, {"balance", QVariant::fromValue(Decimal(u"5.00"))}, {"age", -5}},
            Validator::Mode::Update, {"status"})
            .keys(),
        QStringList{"status"});
    Validator::clearRules("Account");
    QVERIFY(Validator::check(m_account, closing, Validator::Mode::Update).isEmpty());
}

void tst_Validator::inspectedEntities()
{
    // Rules can be put on an entity read from a database, too.
    EntityInfo table;
    table.name = "products";
    table.table = "products";
    ColumnInfo sku;
    sku.name = "sku";
    sku.rules << ValidationRule{"required", {}, {}}
              << ValidationRule{"maxLength", 8, "SKU is too long"};
    table.columns << sku;
    QCOMPARE(Validator::check(table, {{"sku", "ABCDEFGHIJ"}}, Validator::Mode::Insert).value("sku"),
             QStringList{"SKU is too long"});
    QVERIFY_THROWS_EXCEPTION(ValidationError,
                             Validator::validate(table, {}, Validator::Mode::Insert));
}

// A table's definition implies rules: NOT NULL without a default is required, varchar(n) has a
// maximum length; what the database fills itself is not required.
void tst_Validator::schemaRules()
{
    REXORM_TEST_CONFIG(config);
    Database db(config);
    const Dialect &d = db.dialect();
    RexOrmTest::dropTables(db, {QStringLiteral("schema_rules")});
    db.execute(QStringLiteral("CREATE TABLE schema_rules (id %1, code %2 NOT NULL, note %3, "
                              "qty INTEGER NOT NULL DEFAULT 1, title %3 NOT NULL)")
                   .arg(d.autoIncrementPrimaryKey({ColumnType::BigInt}),
                        d.typeName({ColumnType::String, 5}), d.typeName({ColumnType::String, 40})));
    EntityInfo table = SchemaInspector(db).inspect(QStringLiteral("schema_rules"));
    Validator::addSchemaRules(table);
    Validator::addSchemaRules(table); // idempotent: no rule twice
    const auto kinds = [&](const char *column) {
        QStringList result;
        for (const ValidationRule &rule : table.column(QString::fromLatin1(column))->rules)
            result << rule.kind;
        return result;
    };
    QCOMPARE(kinds("id"), QStringList());
    QCOMPARE(kinds("code"), (QStringList{QStringLiteral("required"), QStringLiteral("maxLength")}));
    QCOMPARE(kinds("note"), QStringList{QStringLiteral("maxLength")});
    QCOMPARE(kinds("qty"), QStringList());
    QCOMPARE(kinds("title"),
             (QStringList{QStringLiteral("required"), QStringLiteral("maxLength")}));
    const auto errors = Validator::check(
        table,
        {{QStringLiteral("code"), QStringLiteral("TOOLONG")}, {QStringLiteral("note"), QVariant()}},
        Validator::Mode::Insert);
    QCOMPARE(errors.keys(), (QStringList{QStringLiteral("code"), QStringLiteral("title")}));
    QVERIFY(Validator::check(table,
                             {{QStringLiteral("code"), QStringLiteral("AB")},
                              {QStringLiteral("title"), QStringLiteral("x")}},
                             Validator::Mode::Insert)
                .isEmpty());
    RexOrmTest::dropTables(db, {QStringLiteral("schema_rules")});
}

REXORM_TEST_MAIN(tst_Validator)
#include "tst_validator.moc"
