#pragma once

#include <rexorm/model/record.h>

#include <QtCore/QMetaProperty>
#include <QtCore/QObject>

namespace RexOrm {

class Dialect;

// Optional base class of QObject models. It remembers the row the object was loaded with, so
// Repository<T>::save() writes only the properties that changed and knows insert from update.
// Plain QObjects and Q_GADGETs work too, with every column written on update.
class REXORM_CORE_EXPORT Model : public QObject
{
    Q_OBJECT

public:
    explicit Model(QObject *parent = nullptr);
    ~Model() override;

    bool isNew() const { return m_snapshot.isNew(); }
    const Record &snapshot() const { return m_snapshot; }
    void setSnapshot(const Record &snapshot) { m_snapshot = snapshot; }

signals:
    // Emitted by Repository<T> once the write is committed (never for a rolled-back one).
    void saved();
    void removed();

private:
    Record m_snapshot;
};

// Fills model objects straight from result rows, without building Records: the fast path of
// Repository<T> for types that keep no snapshot.
class REXORM_CORE_EXPORT ModelHydrator
{
public:
    ModelHydrator(const EntityInfo &entity, const Dialect &dialect,
                  const QStringList &resultColumns);
    void write(void *object, const QVariantList &row) const;

private:
    struct Target
    {
        int resultColumn;
        const ColumnInfo *column;
        QMetaProperty property;
        bool plainType; // same-typed driver values need no conversion
    };
    const EntityInfo *m_entity;
    const Dialect *m_dialect;
    QList<Target> m_targets;
};

// Copies a record's values into the properties of a model object (a QObject* or a pointer to a
// Q_GADGET, as the entity says), converting types, and std::nullopt or a default for NULL.
REXORM_CORE_EXPORT void writeProperties(void *object, const EntityInfo &entity,
                                        const Record &record);
// Reads a model object's properties into a new record of the entity.
REXORM_CORE_EXPORT Record readProperties(const void *object, const EntityInfo &entity);

} // namespace RexOrm
