import { useEffect, useState } from 'react';
import type { UiLocale } from '../../../core/api/contract';
import type { ScenarioNames } from '../../../core/debrief/types';
import { getApi } from '../api';
import { errorMessage } from '../errors';

/**
 * The installed scenarios' titles and outcome titles in the instructor's language; ids are shown
 * as they are for scenarios that are not installed on this station.
 */
export function useScenarioNames(locale: UiLocale, onError: (message: string) => void) {
  const [names, setNames] = useState<ScenarioNames>({});
  useEffect(() => {
    void getApi()
      .debrief.names(locale)
      .then(setNames)
      .catch((failure: unknown) => onError(errorMessage(failure)));
  }, [locale, onError]);
  return {
    scenario: (id: string) => names[id]?.title ?? id,
    outcome: (scenarioId: string, id: string) => names[scenarioId]?.outcomes[id] ?? id,
  };
}
