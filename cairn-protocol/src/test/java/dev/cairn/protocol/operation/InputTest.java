package dev.cairn.protocol.operation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.protocol.error.AwsException;
import dev.cairn.protocol.error.CommonError;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class InputTest {
    private final ObjectNode members = JsonNodeFactory.instance.objectNode();
    private final Input input = new Input(members, CommonError.VALIDATION_ERROR);

    @Test
    void aMissingRequiredMemberNamesTheMemberInLowerCamelCase() {
        assertThatThrownBy(() -> input.requiredString("UserName")).isInstanceOfSatisfying(AwsException.class, e -> {
            assertThat(e.code()).isEqualTo("ValidationError");
            assertThat(e.getMessage())
                    .isEqualTo("1 validation error detected: Value null at 'userName' failed to satisfy "
                            + "constraint: Member must not be null");
        });
    }

    @Test
    void lengthAndPatternConstraintsNameTheValueAndTheRule() {
        members.put("UserName", "bad name!");
        assertThatThrownBy(() -> input.constrained("UserName", 1, 64, Pattern.compile("[\\w+=,.@-]+")))
                .hasMessage("1 validation error detected: Value 'bad name!' at 'userName' failed to satisfy "
                        + "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
        members.put("UserName", "");
        assertThatThrownBy(() -> input.constrained("UserName", 1, 64, null))
                .hasMessageContaining("Member must have length greater than or equal to 1");
    }

    @Test
    void integersMayArriveAsQueryText() {
        members.put("DurationSeconds", "900");
        assertThat(input.ranged("DurationSeconds", 900, 3600)).isEqualTo(900);
        members.put("DurationSeconds", "899");
        assertThatThrownBy(() -> input.ranged("DurationSeconds", 900, 3600))
                .hasMessageContaining("Value '899' at 'durationSeconds'")
                .hasMessageContaining("greater than or equal to 900");
        members.put("DurationSeconds", "soon");
        assertThatThrownBy(() -> input.integer("DurationSeconds")).isInstanceOf(AwsException.class);
    }

    @Test
    void absentOptionalMembersAreNull() {
        assertThat(input.string("Path")).isNull();
        assertThat(input.integer("MaxItems")).isNull();
        assertThat(input.constrained("Path", 1, 512, null)).isNull();
    }

    @Test
    void aTypedInputRefusesAnIntegerSentAsTextWithASerializationException() {
        Input typed = new Input(members, CommonError.VALIDATION_EXCEPTION, true);
        members.put("MaxResults", "5");
        assertThatThrownBy(() -> typed.integer("MaxResults")).isInstanceOfSatisfying(AwsException.class, e -> {
            assertThat(e.code()).isEqualTo("SerializationException");
            assertThat(e.httpStatus()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo("class java.lang.String can not be converted to an Integer");
        });
        members.put("MaxResults", true);
        assertThatThrownBy(() -> typed.integer("MaxResults"))
                .hasMessage("class java.lang.Boolean can not be converted to an Integer");
        members.putArray("MaxResults");
        assertThatThrownBy(() -> typed.integer("MaxResults")).hasMessage("Start of list found where not expected");
        members.put("MaxResults", 5);
        assertThat(typed.ranged("MaxResults", 1, 50)).isEqualTo(5);
    }

    @Test
    void anUntypedInputStillReadsIntegersFromText() {
        members.put("MaxItems", "5");
        assertThat(input.integer("MaxItems")).isEqualTo(5);
    }
}
