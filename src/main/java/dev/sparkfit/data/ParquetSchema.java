package dev.sparkfit.data;

import org.apache.parquet.hadoop.metadata.FileMetaData;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;

/**
 * A Parquet file's schema as Spark's reader gives it, for the flat columns {@link ParquetSplitReader} reads:
 * the schema Spark wrote into the footer when there is one, else the Parquet types converted as Spark's
 * {@code ParquetToSparkSchemaConverter} converts them (with its default settings).
 */
final class ParquetSchema {

    /** The key under which Spark writes a file's schema into the Parquet footer. */
    private static final String SPARK_SCHEMA = "org.apache.spark.sql.parquet.row.metadata";

    private ParquetSchema() {
    }

    /**
     * The file's schema as Spark reads it (the schema Spark wrote into the footer, else the Parquet types
     * converted), when every column is a flat column {@link ParquetSplitReader} reads; else null.
     */
    static StructType of(FileMetaData meta) {
        MessageType file = meta.getSchema();
        String json = meta.getKeyValueMetaData().get(SPARK_SCHEMA);
        StructType written = null;
        if (json != null) {
            try {
                DataType t = DataType.fromJson(json);
                written = t instanceof StructType s ? s : null;
            } catch (RuntimeException e) {
                return null;
            }
            if (written == null || written.fields().length != file.getFieldCount()) {
                return null;
            }
        }
        List<StructField> fields = new ArrayList<>();
        for (int i = 0; i < file.getFieldCount(); i++) {
            Type t = file.getType(i);
            DataType converted = converted(t);
            if (converted == null) {
                return null;
            }
            StructField f = written == null ? DataTypes.createStructField(t.getName(), converted, true)
                    : written.fields()[i];
            if (!f.name().equals(t.getName()) || !readable(f.dataType(), t)) {
                return null;
            }
            fields.add(f);
        }
        return DataTypes.createStructType(fields);
    }

    /** Spark's type for a flat Parquet column the reader reads ({@code ParquetToSparkSchemaConverter}'s), else null. */
    private static DataType converted(Type t) {
        if (!t.isPrimitive() || t.isRepetition(Type.Repetition.REPEATED)) {
            return null;
        }
        PrimitiveType p = t.asPrimitiveType();
        LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
        return switch (p.getPrimitiveTypeName()) {
            case DOUBLE -> a == null ? DataTypes.DoubleType : null;
            case FLOAT -> a == null ? DataTypes.FloatType : null;
            case BOOLEAN -> a == null ? DataTypes.BooleanType : null;
            case INT32 -> a == null ? DataTypes.IntegerType
                    : a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && i.isSigned()
                    ? switch (i.getBitWidth()) {
                        case 8 -> DataTypes.ByteType;
                        case 16 -> DataTypes.ShortType;
                        case 32 -> DataTypes.IntegerType;
                        default -> null;
                    } : null;
            case INT64 -> a == null || a instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && i.isSigned()
                    && i.getBitWidth() == 64 ? DataTypes.LongType : null;
            case BINARY -> a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                    || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                    || a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation ? DataTypes.StringType : null;
            default -> null;
        };
    }

    /** True when Spark's type {@code spark} is what the reader gives for the Parquet column {@code t}. */
    private static boolean readable(DataType spark, Type t) {
        return ParquetSplitReader.kind(spark) >= 0 && spark.equals(converted(t));
    }
}
