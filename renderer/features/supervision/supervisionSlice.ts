import { createSlice } from '@reduxjs/toolkit';
import type { AgentSnapshot, LiveBoard } from '../../../services/contracts';
import { agentUpdated, boardReceived } from '../../app/hubActions';
import { signedOut } from '../session/sessionSlice';
import { supervisorApi } from './supervisionApi';

export type SupervisorState = Readonly<{
  /** The latest board, pushed or pulled; older ones are dropped (`at` only moves forward). */
  board: LiveBoard | null;
  /** Agent snapshots pushed since the agent list was fetched; they win over the fetched ones. */
  agents: Readonly<Record<number, AgentSnapshot>>;
}>;

const initialState: SupervisorState = { board: null, agents: {} };

const newer = (current: LiveBoard | null, next: LiveBoard): boolean => current === null || next.at >= current.at;

export const supervisorSlice = createSlice({
  name: 'supervisor',
  initialState,
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(boardReceived, (state, action) => {
        if (newer(state.board, action.payload)) state.board = action.payload;
      })
      .addCase(agentUpdated, (state, action) => {
        state.agents[action.payload.id] = action.payload;
      })
      .addCase(signedOut, () => initialState)
      .addMatcher(supervisorApi.endpoints.metricsLive.matchFulfilled, (state, action) => {
        if (newer(state.board, action.payload)) state.board = action.payload;
      })
      .addMatcher(supervisorApi.endpoints.supervisorAgents.matchFulfilled, (state) => {
        state.agents = {};
      });
  },
});
