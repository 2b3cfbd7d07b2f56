package io.mmstream.asr.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpokenNumbersTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "twenty three | 23",
        "one hundred and five | 105",
        "a hundred and ten days | 110 days",
        "two thousand and twenty | 2020",
        "nineteen eighty four | 1984",
        "in twenty twenty one | in 2021",
        "nineteen oh five | 1905",
        "fifteen hundred men | 1500 men",
        "ten thousand | 10,000",
        "two million three hundred thousand | 2,300,000",
        "eleven people | 11 people",
        "twenty one of them | 21 of them",
        "one of them | one of them",
        "no one came | no one came",
        "five people and ten more | five people and ten more",
        "one two three | one two three",
        "twenty first | 21st",
        "the thirteenth | the 13th",
        "one hundred and second | 102nd",
        "twenty third of may | 23rd of may",
        "the second time | the second time",
        "one second | one second",
        "hundreds of them | hundreds of them",
        "one hundred and then | 100 and then",
        "he and twenty others | he and 20 others",
        "three point five | three point five",
    })
    void numbersBecomeDigits(String said, String written) {
        assertEquals(List.of(written.split(" ")), SpokenNumbers.digits(List.of(said.split(" "))));
    }
}
