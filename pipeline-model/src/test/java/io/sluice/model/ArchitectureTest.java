package io.sluice.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

  private final JavaClasses production =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.sluice.model");

  @Test
  void theModelDependsOnlyOnTheJdkAndJackson() {
    ArchRule rule =
        classes()
            .that()
            .resideInAPackage("io.sluice.model..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("java..", "io.sluice.model..", "com.fasterxml.jackson..");

    rule.check(production);
  }

  @Test
  void theRuleSeesTheProductionClasses() {
    // Guards against the rule passing vacuously because nothing was imported.
    org.assertj.core.api.Assertions.assertThat(
            production.contain("io.sluice.model.json.PipelineJson"))
        .isTrue();
  }
}
