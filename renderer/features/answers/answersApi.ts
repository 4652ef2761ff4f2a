import { commandEndpoints, hubApi } from '../../app/api';

/**
 * The answer library (canned responses). A pushed `answers/changed` refetches it (answersPatches.ts): the
 * library is small and changes rarely, so a refetch is simpler than patching every filtered list.
 */
export const answersApi = hubApi.enhanceEndpoints({ addTagTypes: ['Answers'] }).injectEndpoints({
  endpoints: (build) => {
    const { commandQuery, commandMutation } = commandEndpoints(build);
    return {
      answersList: commandQuery(
        'answers/list',
        (conversationId: number | undefined) => (conversationId === undefined ? {} : { conversationId }),
        {
          providesTags: ['Answers'],
        },
      ),
      answersSave: commandMutation('answers/save', { invalidatesTags: ['Answers'] }),
      answersDelete: commandMutation('answers/delete', { invalidatesTags: ['Answers'] }),
      answersRender: commandMutation('answers/render'),
    };
  },
});

export const { useAnswersListQuery, useAnswersSaveMutation, useAnswersDeleteMutation, useAnswersRenderMutation } = answersApi;
